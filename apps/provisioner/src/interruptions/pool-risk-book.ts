/**
 * The daemon's copy of the PoolRisk table: read once (and again when this daemon takes the
 * lease), kept current with its own writes. Each interruption is one write; the instance-hours
 * run in each pool add up in memory every iteration and are written at most every
 * EXPOSURE_FLUSH_MS per pool, so an idle fleet costs no writes and a busy one a few a minute.
 * Placement gets each pool's learned rate from here, without a read per iteration.
 */
import { indexInterruptionRates, type InterruptionRateIndex } from '@spot-provisioner/bidding';
import {
  decayStats,
  poolRiskKey,
  withExposure,
  withInterruption,
  type PoolId,
  type PoolInterruptionStats,
  type PoolRisk,
  type PoolRiskRepository,
} from '@spot-provisioner/model';
import { errorMessage } from '../error-message';

/** Exposure is written per pool at most this often: a rate moves over hours, not seconds. */
export const EXPOSURE_FLUSH_MS = 10 * 60_000;
/** A longer gap between two observations (a stopped daemon) counts only this long: what ran meanwhile is unknown. */
export const MAX_EXPOSURE_GAP_MS = 5 * 60_000;

interface Pending {
  readonly pool: PoolId;
  hours: number;
}

interface PendingInterruption {
  readonly pool: PoolId;
  readonly at: number;
}

export class PoolRiskBook {
  private readonly records = new Map<string, PoolRisk>();
  private readonly pending = new Map<string, Pending>();
  private unwritten: PendingInterruption[] = [];
  private loaded = false;
  private lastObservation: number | undefined;
  private lastFlush: number | undefined;

  constructor(private readonly repository: Pick<PoolRiskRepository, 'list' | 'recordInterruption' | 'addExposure'>) {}

  /** Reads the table (first use, and after another daemon may have written); an error leaves the last copy in place. */
  async load(): Promise<string[]> {
    try {
      const records = await this.repository.list();
      this.records.clear();
      for (const record of records) this.records.set(poolRiskKey(record), record);
      this.loaded = true;
      return [];
    } catch (err) {
      return [`reading pool interruption records: ${errorMessage(err)}`];
    }
  }

  /** Loads once; later calls do nothing. */
  async ensureLoaded(): Promise<string[]> {
    return this.loaded ? [] : this.load();
  }

  /** Forget the copy: the next ensureLoaded reads the table again (this daemon took the lease). */
  forget(): void {
    this.loaded = false;
  }

  /**
   * Every known pool's learned rate at `now`, with what is not written yet (exposure, and
   * interruptions heard this iteration: the replacements they cause already avoid their pool);
   * the prior for the others.
   */
  rates(now: number): InterruptionRateIndex {
    const pools = new Map<string, PoolId>();
    for (const [key, record] of this.records) pools.set(key, record);
    for (const [key, { pool }] of this.pending) pools.set(key, pool);
    for (const { pool } of this.unwritten) pools.set(poolRiskKey(pool), pool);
    const stats = [...pools].map(([key, pool]) => {
      const record = this.records.get(key);
      let stats: PoolInterruptionStats | undefined = record
        ? { interruptions: record.interruptions, instanceHours: record.instanceHours, asOf: Date.parse(record.asOf) }
        : undefined;
      const pending = this.pending.get(key);
      if (pending) stats = withExposure(stats, pending.hours, Math.max(now, stats?.asOf ?? now));
      for (const unwritten of this.unwritten) if (poolRiskKey(unwritten.pool) === key) stats = withInterruption(stats, unwritten.at);
      return { region: pool.region, availabilityZone: pool.availabilityZone, instanceType: pool.instanceType, ...decayStats(stats, now) };
    });
    return indexInterruptionRates(stats);
  }

  /** An interruption heard: counted in the rates at once, written by writeInterruptions. */
  noteInterruption(pool: PoolId, at: number): void {
    this.unwritten.push({ pool: { region: pool.region, availabilityZone: pool.availabilityZone, instanceType: pool.instanceType }, at });
  }

  /** One write per interruption noted; a failed one is dropped (at most once in effect) and reported. */
  async writeInterruptions(): Promise<string[]> {
    const noted = this.unwritten;
    this.unwritten = [];
    const errors: string[] = [];
    for (const { pool, at } of noted) errors.push(...(await this.recordInterruptions([pool], at)));
    return errors;
  }

  /** The stored records (for metrics and readers). */
  list(): PoolRisk[] {
    return [...this.records.values()];
  }

  /** One write per interruption; errors are returned, never thrown. */
  async recordInterruptions(pools: readonly PoolId[], at: number): Promise<string[]> {
    const errors: string[] = [];
    for (const pool of pools) {
      try {
        this.records.set(poolRiskKey(pool), await this.repository.recordInterruption(pool, new Date(at)));
      } catch (err) {
        errors.push(`recording an interruption in ${poolRiskKey(pool)}: ${errorMessage(err)}`);
      }
    }
    return errors;
  }

  /** Adds the instance-hours the running spot instances ran since the last observation. */
  observe(running: readonly PoolId[], now: number): void {
    const previous = this.lastObservation;
    this.lastObservation = now;
    if (previous === undefined || now <= previous) return;
    const hours = Math.min(now - previous, MAX_EXPOSURE_GAP_MS) / 3_600_000;
    for (const pool of running) {
      const key = poolRiskKey(pool);
      const entry = this.pending.get(key);
      if (entry) entry.hours += hours;
      else this.pending.set(key, { pool: { region: pool.region, availabilityZone: pool.availabilityZone, instanceType: pool.instanceType }, hours });
    }
  }

  /** Writes the accumulated exposure, one write per pool, at most every EXPOSURE_FLUSH_MS (or now when `force`). */
  async flushExposure(now: number, force = false): Promise<string[]> {
    if (!force && this.lastFlush !== undefined && now - this.lastFlush < EXPOSURE_FLUSH_MS) return [];
    if (this.lastFlush === undefined && !force) {
      this.lastFlush = now; // the first flush comes one period after start
      return [];
    }
    this.lastFlush = now;
    const entries = [...this.pending.entries()];
    const errors: string[] = [];
    for (const [key, { pool, hours }] of entries) {
      try {
        this.records.set(key, await this.repository.addExposure(pool, hours, new Date(now)));
        this.pending.delete(key);
      } catch (err) {
        errors.push(`recording instance-hours in ${key}: ${errorMessage(err)}`); // kept: added to the next flush
      }
    }
    return errors;
  }
}
