/**
 * How the record phase writes: one change-tracking writer for the records rewritten every
 * iteration (state snapshots, decisions, markets), the capacity history written behind the
 * iteration, and the sweep of what deleted worker types left behind.
 */
import {
  type CapacityHistoryRepository,
  type DecisionRepository,
  type HistoryPointRecord,
  type MarketRepository,
  type MarketSnapshot,
  type WorkerStateRepository,
  type WorkerStateSnapshot,
  type WorkerTypeDecision,
} from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { mapLimited } from '../concurrency';
import { errorMessage } from '../error-message';

/** Unchanged snapshots are still rewritten this often, so the table converges whatever else touched it. */
export const SNAPSHOT_REFRESH_MS = 5 * 60_000;
/** An unchanged decision is rewritten this often, so `decidedAt` tells a reader the daemon still stands by it. */
export const DECISION_REFRESH_MS = 5 * 60_000;
/** Unchanged prices and zones are re-recorded this often, so a preview's `pricesAsOf` stays recent. */
export const MARKET_REFRESH_MS = 10 * 60_000;
/** DynamoDB writes in flight at once per kind of record: fast for hundreds, far below table limits. */
export const WRITE_CONCURRENCY = 16;
/** A deleted worker type's last snapshot lingers at most this long; sweeping every 30 s iteration would scan the table needlessly. */
export const SNAPSHOT_SWEEP_INTERVAL_MS = 10 * 60_000;

/** A kind of record the writer tracks. */
export interface TrackedRecords<T extends object> {
  /** What one record is called in error messages. */
  readonly what: string;
  /** The record's key in its table. */
  key(record: T): string;
  /** The field stamped with the time of writing: two records equal apart from it are the same. */
  readonly stamp: keyof T;
  put(record: T): Promise<unknown>;
}

/**
 * Writes records, skipping one identical (apart from its time stamp) to what this daemon last
 * wrote under its key: an idle fleet of hundreds of worker types then costs no DynamoDB writes
 * per iteration. An unchanged record is still rewritten every `refreshMs`, so a table
 * converges whatever else touched it.
 */
export class ChangeTrackingWriter<T extends object> {
  private readonly written = new Map<string, { content: string; at: number }>();

  constructor(
    private readonly records: TrackedRecords<T>,
    private readonly clock: Clock,
    private readonly refreshMs: number,
  ) {}

  /** Writes the changed records; resolves the errors (`<key>: writing <what>: <why>`, one per failed record). */
  async writeAll(records: readonly T[]): Promise<string[]> {
    const errors: string[] = [];
    await mapLimited(records, WRITE_CONCURRENCY, async (record) => {
      const key = this.records.key(record);
      const { [this.records.stamp]: _stamp, ...rest } = record;
      // the daemon builds each record the same way every time, so plain JSON compares them;
      // a key order that did differ would cost one needless write, never a missed one
      const content = JSON.stringify(rest);
      const last = this.written.get(key);
      if (last && last.content === content && this.clock.now() - last.at < this.refreshMs) return;
      try {
        await this.records.put(record);
        this.written.set(key, { content, at: this.clock.now() });
      } catch (err) {
        errors.push(`${key}: writing ${this.records.what}: ${errorMessage(err)}`);
      }
    });
    return errors;
  }

  /** Forgets one key, or all (another daemon may have written since). */
  forget(key?: string): void {
    if (key === undefined) this.written.clear();
    else this.written.delete(key);
  }
}

export function snapshotWriter(workerState: Pick<WorkerStateRepository, 'put'>, clock: Clock): ChangeTrackingWriter<WorkerStateSnapshot> {
  const records = { what: 'state snapshot', key: (s: WorkerStateSnapshot) => s.workerType, stamp: 'updatedAt' as const, put: (s: WorkerStateSnapshot) => workerState.put(s) };
  return new ChangeTrackingWriter(records, clock, SNAPSHOT_REFRESH_MS);
}

export function decisionWriter(decisions: Pick<DecisionRepository, 'put'>, clock: Clock): ChangeTrackingWriter<WorkerTypeDecision> {
  const records = { what: 'decision', key: (d: WorkerTypeDecision) => d.workerType, stamp: 'decidedAt' as const, put: (d: WorkerTypeDecision) => decisions.put(d) };
  return new ChangeTrackingWriter(records, clock, DECISION_REFRESH_MS);
}

export function marketWriter(markets: Pick<MarketRepository, 'put'>, clock: Clock): ChangeTrackingWriter<MarketSnapshot> {
  const records = { what: 'market snapshot', key: (m: MarketSnapshot) => m.region, stamp: 'recordedAt' as const, put: (m: MarketSnapshot) => markets.put(m) };
  return new ChangeTrackingWriter(records, clock, MARKET_REFRESH_MS);
}

/**
 * Writes each iteration's capacity history points behind the iteration: the write starts in
 * the record phase and overlaps the wait for the next iteration, so a slow table never delays
 * launches (nor counts against an iteration's deadline). At most one write is in flight: the
 * next iteration waits for it before starting its own, and reports its errors.
 */
export class HistoryRecorder {
  private inFlight: Promise<string[]> = Promise.resolve([]);

  constructor(
    private readonly history: Pick<CapacityHistoryRepository, 'append'>,
    private readonly logger: Logger,
  ) {}

  /** Starts writing `points` once the previous write is done; resolves the previous write's errors. */
  async record(points: readonly HistoryPointRecord[]): Promise<string[]> {
    const previous = await this.inFlight;
    this.inFlight = this.write(points);
    return previous;
  }

  /** The write in flight, finished (tests read history after it; shutdown waits for it). */
  async flush(): Promise<string[]> {
    const errors = await this.inFlight;
    this.inFlight = Promise.resolve([]);
    return errors;
  }

  private async write(points: readonly HistoryPointRecord[]): Promise<string[]> {
    try {
      await this.history.append(points);
      return [];
    } catch (err) {
      this.logger.error({ err: errorMessage(err), points: points.length }, 'writing capacity history failed');
      return [`writing capacity history: ${errorMessage(err)}`];
    }
  }
}

/**
 * Deletes the state snapshots (and last decisions) of worker types that no longer exist, once
 * their EC2 resources are gone, so the API stops reporting them. Runs at most every
 * SNAPSHOT_SWEEP_INTERVAL_MS: it scans the WorkerState table.
 */
export class SnapshotSweeper {
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly workerState: Pick<WorkerStateRepository, 'list' | 'delete'>,
    private readonly decisions: Pick<DecisionRepository, 'delete'>,
    private readonly clock: Clock,
    private readonly intervalMs = SNAPSHOT_SWEEP_INTERVAL_MS,
  ) {}

  /**
   * Deletes snapshots of worker types not in `existing` and not in `draining` (deleted worker
   * types whose instances or requests are still being cleaned up). Resolves the names deleted.
   */
  async sweep(existing: ReadonlySet<string>, draining: ReadonlySet<string>): Promise<string[]> {
    const now = this.clock.now();
    if (now - this.lastSweep < this.intervalMs) return [];
    this.lastSweep = now;
    const stale = (await this.workerState.list())
      .map((snapshot) => snapshot.workerType)
      .filter((name) => !existing.has(name) && !draining.has(name));
    await Promise.all(stale.map(async (name) => Promise.all([this.workerState.delete(name), this.decisions.delete(name)])));
    return stale;
  }
}
