/**
 * `lookahead`: launch for the tasks that will still be waiting when a new instance is up,
 * not for the tasks waiting now. Classic asks for pending − booting capacity; lookahead adds
 * how the pending count is moving while every slot is busy, over one boot time:
 *
 *   expected waiting at boot = pending + netGrowth × boot,   change = that − booting capacity
 *
 * netGrowth (tasks/s) is measured from the daemon's own recent observations: between two
 * iterations at which tasks were pending (so every running slot was busy), the change of the
 * pending count, plus the tasks newly running capacity took (its rise), is arrivals minus what
 * the existing capacity finished. Rising demand launches ahead of the queue (fewer tasks wait
 * a whole boot); a queue that running capacity is already draining launches less (no instance
 * boots only to find nothing to do and idle until its timeout). Without saturated history
 * (a cold burst, a restart) it is exactly classic.
 */
import { capacityChange } from '../capacity';
import type { DemandObservation, DemandPolicy, DemandPolicyInput } from './types';

/** Typical Linux spot boot to a claiming worker (apps/simulator's default); slower boots just make the estimate cautious. */
export const LOOKAHEAD_BOOT_ESTIMATE_MS = 180_000;
/** How far back evidence counts: a few boot times, so a change of workload is followed within minutes. */
export const LOOKAHEAD_WINDOW_MS = 10 * 60_000;

export interface LookaheadSettings {
  /** Boot time assumed until the daemon has measured one for the worker type. */
  bootEstimateMs: number;
  windowMs: number;
  /** Weight of the measured growth (1 = trust it fully; 0 = classic). */
  growthWeight: number;
  /** Weight of a measured drain (negative growth); separate, since drain saves cost and growth buys wait. */
  drainWeight: number;
  /** Saturated intervals needed before the trend counts: a burst's arrival is a step, not a trend. */
  minEvidence: number;
}

export const DEFAULT_LOOKAHEAD_SETTINGS: LookaheadSettings = {
  bootEstimateMs: LOOKAHEAD_BOOT_ESTIMATE_MS,
  windowMs: LOOKAHEAD_WINDOW_MS,
  // half the measured growth: what keeps cost within 1% of classic on the simulator's days (apps/simulator/README.md)
  growthWeight: 0.5,
  drainWeight: 1,
  minEvidence: 6,
};

export interface LookaheadEstimates {
  /** Arrivals minus completions of existing capacity, tasks per second, while saturated (0 without evidence). */
  netGrowthPerS: number;
  /** Seconds of saturated evidence behind it. */
  evidenceS: number;
  /** The boot time looked ahead over: the measured one, else the estimate. */
  bootMs: number;
  /** Pending tasks expected when an instance launched now is up. */
  expectedPendingAtBoot: number;
}

export function estimateGrowth(input: DemandPolicyInput, settings: LookaheadSettings = DEFAULT_LOOKAHEAD_SETTINGS): LookaheadEstimates {
  const recent = input.history.filter((o) => o.at >= input.now - settings.windowMs && o.at < input.now);
  const series: DemandObservation[] = [
    ...recent,
    { at: input.now, pendingTasks: input.pendingTasks, runningCapacity: input.runningCapacity, pendingCapacity: input.pendingCapacity },
  ];
  const rates: number[] = [];
  let seconds = 0;
  for (let i = 1; i < series.length; i++) {
    const before = series[i - 1] as DemandObservation;
    const after = series[i] as DemandObservation;
    const elapsed = (after.at - before.at) / 1000;
    if (before.pendingTasks <= 0 || after.pendingTasks <= 0 || elapsed <= 0) continue;
    rates.push((after.pendingTasks - before.pendingTasks + Math.max(0, after.runningCapacity - before.runningCapacity)) / elapsed);
    seconds += elapsed;
  }
  const netGrowthPerS = rates.length >= settings.minEvidence ? consistentTrend(rates) : 0;
  const weight = netGrowthPerS >= 0 ? settings.growthWeight : settings.drainWeight;
  const bootMs = input.observedBootMs ?? settings.bootEstimateMs;
  const ahead = weight * netGrowthPerS * (bootMs / 1000);
  return {
    netGrowthPerS,
    evidenceS: seconds,
    bootMs,
    expectedPendingAtBoot: Math.max(0, Math.round(input.pendingTasks + ahead)),
  };
}

export function lookaheadPolicyWith(settings: LookaheadSettings): DemandPolicy {
  return {
    name: 'lookahead',
    decide(input) {
      const estimates = estimateGrowth(input, settings);
      return {
        ...capacityChange({ ...input, pendingTasks: estimates.expectedPendingAtBoot }),
        policy: 'lookahead',
        estimates: { ...estimates },
      };
    },
  };
}

export const lookaheadPolicy: DemandPolicy = lookaheadPolicyWith(DEFAULT_LOOKAHEAD_SETTINGS);

/**
 * A trend only when most intervals agree: growth when even the lower quartile grows, drain
 * when even the upper quartile drains, else none. A step (a push fanning out over a minute or
 * two) lifts a few intervals, not the quartile, so it is not extrapolated.
 */
function consistentTrend(rates: readonly number[]): number {
  const sorted = [...rates].sort((a, b) => a - b);
  const lower = quantile(sorted, 0.25);
  const upper = quantile(sorted, 0.75);
  if (lower > 0) return lower;
  if (upper < 0) return upper;
  return 0;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  return low + ((sorted[above] as number) - low) * (position - below);
}
