import { createTask } from 'node-cron';

/** Upcoming runs sampled: enough to cover the gaps of any irregular schedule over its cycle. */
const SAMPLED_RUNS = 64;

/**
 * The longest wait between two runs of a node-cron expression, in milliseconds. Recorded in
 * the heartbeat so the API judges staleness by the daemon's real schedule, whatever it is.
 */
export function schedulePeriodMs(expression: string): number {
  const task = createTask(expression, () => undefined);
  try {
    const runs = task.getNextRuns(SAMPLED_RUNS).map((date) => date.getTime());
    let longest = 0;
    for (let i = 1; i < runs.length; i++) longest = Math.max(longest, (runs[i] as number) - (runs[i - 1] as number));
    if (longest <= 0) throw new Error(`schedule "${expression}" has fewer than two upcoming runs`);
    return longest;
  } finally {
    void task.destroy();
  }
}
