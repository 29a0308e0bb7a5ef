/**
 * `lookahead`: classic, minus the pending tasks that running capacity will take before a new
 * instance could boot. The drain rate is measured, not assumed: between two iterations at
 * which tasks were pending (every slot busy), the drop in the pending count is a lower bound
 * on the tasks running capacity finished (arrivals only hide completions), so the estimate
 * errs towards launching, as classic does. No history (a restart) means classic.
 */
import { capacityChange } from '../capacity';
import type { DemandObservation, DemandPolicy, DemandPolicyInput } from './types';

/** Typical Linux spot boot to a claiming worker; a longer real boot only makes the estimate cautious. */
export const LOOKAHEAD_BOOT_ESTIMATE_MS = 180_000;
/** How far back drain evidence counts: long enough for several saturated iterations, short enough to follow a change of workload. */
export const LOOKAHEAD_WINDOW_MS = 30 * 60_000;

export interface LookaheadEstimates {
  /** Tasks one running capacity unit finishes per second while saturated (a lower bound). */
  drainPerUnitPerS: number;
  /** Pending tasks expected to be taken by running capacity within the boot estimate. */
  drainBeforeBoot: number;
}

export function estimateDrain(input: DemandPolicyInput, bootMs = LOOKAHEAD_BOOT_ESTIMATE_MS): LookaheadEstimates {
  const recent = input.history.filter((o) => o.at >= input.now - LOOKAHEAD_WINDOW_MS && o.at < input.now);
  const series: DemandObservation[] = [
    ...recent,
    { at: input.now, pendingTasks: input.pendingTasks, runningCapacity: input.runningCapacity, pendingCapacity: input.pendingCapacity },
  ];
  let drained = 0;
  let unitSeconds = 0;
  for (let i = 1; i < series.length; i++) {
    const before = series[i - 1] as DemandObservation;
    const after = series[i] as DemandObservation;
    if (before.pendingTasks <= 0 || before.runningCapacity <= 0) continue;
    const seconds = (after.at - before.at) / 1000;
    if (seconds <= 0) continue;
    drained += Math.max(0, before.pendingTasks - after.pendingTasks);
    unitSeconds += before.runningCapacity * seconds;
  }
  const drainPerUnitPerS = unitSeconds > 0 ? drained / unitSeconds : 0;
  const drainBeforeBoot = Math.floor(input.runningCapacity * drainPerUnitPerS * (bootMs / 1000));
  return { drainPerUnitPerS, drainBeforeBoot };
}

export const lookaheadPolicy: DemandPolicy = {
  name: 'lookahead',
  decide(input) {
    const estimates = estimateDrain(input);
    const stillWaiting = Math.max(0, input.pendingTasks - estimates.drainBeforeBoot);
    return {
      ...capacityChange({ ...input, pendingTasks: stillWaiting }),
      policy: 'lookahead',
      estimates: { ...estimates },
    };
  },
};
