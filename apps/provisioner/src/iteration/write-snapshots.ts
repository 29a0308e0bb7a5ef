/**
 * The last phase of an iteration: the state snapshot of every worker type whose capacity is
 * fully known (the API's `state` and summaries read them), then the sweep of snapshots left
 * by deleted worker types. Failures are reported, never thrown: the heartbeat still follows.
 */
import type { WorkerTypeRecord } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { errorMessage } from '../error-message';
import type { TrackedLaunch, WorkerTypeCapacity } from './capacity';
import { mapLimited } from './concurrency';
import { buildSnapshot, type InstancePriceOf } from './snapshot';
import type { SnapshotSweeper } from './snapshot-sweep';
import type { SnapshotWriter } from './snapshot-writer';
import type { DecisionWriter } from './decision-writers';

/** DynamoDB writes in flight at once when storing snapshots: fast for hundreds, far below table limits. */
export const SNAPSHOT_WRITE_CONCURRENCY = 16;

export interface SnapshotPhaseDeps {
  snapshots: SnapshotWriter;
  sweeper?: SnapshotSweeper;
  decisions?: DecisionWriter;
  clock: Clock;
  logger: Logger;
}

export interface SnapshotPhaseInput {
  workerTypes: readonly WorkerTypeRecord[];
  byWorkerType: ReadonlyMap<string, WorkerTypeCapacity>;
  submittedByWorkerType: ReadonlyMap<string, readonly TrackedLaunch[]>;
  failedRegions: readonly string[];
  /** Worker types with capacity being terminated or cancelled: their snapshots are kept. */
  draining: ReadonlySet<string>;
  /** Each instance's pool price, shown per instance by the console. */
  priceOf?: InstancePriceOf;
}

/** Writes the snapshots and sweeps stale ones; returns the errors to report. */
export async function writeSnapshots(deps: SnapshotPhaseDeps, input: SnapshotPhaseInput): Promise<string[]> {
  const errors: string[] = [];
  const log = deps.logger;
  const { byWorkerType, failedRegions } = input;
  const snapshotAt = new Date(deps.clock.now());
  const writable = input.workerTypes.filter(
    (w) => byWorkerType.has(w.workerType) && !w.definition.regions.some((r) => failedRegions.includes(r.region)),
  );
  await mapLimited(writable, SNAPSHOT_WRITE_CONCURRENCY, async (w) => {
    const snapshot = buildSnapshot(
      w.workerType,
      w.definition,
      byWorkerType.get(w.workerType)!,
      input.submittedByWorkerType.get(w.workerType) ?? [],
      snapshotAt,
      input.priceOf,
    );
    try {
      await deps.snapshots.write(snapshot);
    } catch (err) {
      errors.push(`${w.workerType}: writing state snapshot: ${errorMessage(err)}`);
      log.error({ workerType: w.workerType, err: errorMessage(err) }, 'writing state snapshot failed');
    }
  });

  // Only with every region described: a worker type's resources elsewhere would be unknown.
  if (deps.sweeper && failedRegions.length === 0) {
    try {
      const existing = new Set(input.workerTypes.map((w) => w.workerType));
      const swept = await deps.sweeper.sweep(existing, input.draining);
      for (const name of swept) {
        deps.snapshots.forget(name);
        deps.decisions?.forget(name);
      }
      if (swept.length > 0) log.info({ workerTypes: swept }, 'deleted state snapshots of removed worker types');
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'sweeping stale state snapshots failed; will retry');
    }
  }
  return errors;
}
