/**
 * What a PoolRisk record's numbers mean: interruptions seen and instance-hours run in a pool,
 * both decayed with a half-life, as of `asOf` (pure). The repository applies changes with
 * these; readers decay a record to their own now before packages/bidding turns it into a rate.
 */

/** A pool's record, decayed to `asOf` (epoch ms). */
export interface PoolInterruptionStats {
  /** Interruption warnings seen, decayed. */
  readonly interruptions: number;
  /** Instance-hours run in the pool, decayed alike. */
  readonly instanceHours: number;
  readonly asOf: number;
}

/** Spot markets change over days: what a pool did three days ago counts half as much as today. */
export const INTERRUPTION_HALF_LIFE_MS = 3 * 24 * 3600_000;

const EMPTY: PoolInterruptionStats = { interruptions: 0, instanceHours: 0, asOf: 0 };

/** The record as it stands at `now` (never moved backwards: a late event is counted at the record's time). */
export function decayStats(stats: PoolInterruptionStats | undefined, now: number): PoolInterruptionStats {
  const from = stats ?? EMPTY;
  if (now <= from.asOf) return from;
  const factor = Math.pow(0.5, (now - from.asOf) / INTERRUPTION_HALF_LIFE_MS);
  return { interruptions: from.interruptions * factor, instanceHours: from.instanceHours * factor, asOf: now };
}

export function withInterruption(stats: PoolInterruptionStats | undefined, at: number): PoolInterruptionStats {
  const now = decayStats(stats, at);
  return { ...now, interruptions: now.interruptions + 1 };
}

export function withExposure(stats: PoolInterruptionStats | undefined, instanceHours: number, at: number): PoolInterruptionStats {
  const now = decayStats(stats, at);
  return { ...now, instanceHours: now.instanceHours + Math.max(0, instanceHours) };
}
