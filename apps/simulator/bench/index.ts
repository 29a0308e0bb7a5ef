/**
 * Simulated days of each bundled trace under `classic` and the best policy, side by side:
 * {"bench":"sim","trace","policy","p95WaitS","costUsd","idleFraction","wallMs"} per run.
 */
import { runNamed } from '../src/run';
import { run as runInterruptions } from './interruptions';
import { TRACE_KINDS } from '../src/generate';

/** The policy this project recommends over classic (see README.md, "Policies"). */
export const BEST_POLICY = 'lookahead';

type Print = (result: Record<string, unknown>) => void;

export async function run(print: Print): Promise<void> {
  for (const trace of TRACE_KINDS) {
    for (const policy of ['classic', BEST_POLICY]) {
      const { summary } = await runNamed({ trace, policy });
      print({
        bench: 'sim',
        trace,
        policy,
        p95WaitS: summary.waitP95S,
        costUsd: summary.costUsd,
        idleFraction: summary.idleFraction,
        p50WaitS: summary.waitP50S,
        tasks: summary.tasks,
        launches: summary.launches,
        capacityRefusals: summary.capacityRefusals,
        wallMs: summary.wallMs,
      });
    }
  }
  await runInterruptions(print);
}
