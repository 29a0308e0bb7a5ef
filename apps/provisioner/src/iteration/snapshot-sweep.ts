/**
 * Deletes the state snapshots of worker types that no longer exist, once their EC2
 * resources are gone, so the API stops reporting them. Runs at most every few minutes:
 * it scans the WorkerState table.
 */
import type { DecisionRepository, WorkerStateRepository } from '@spot-provisioner/model';
import type { Clock } from '../clock';

/** A deleted worker type's last snapshot lingers at most this long; sweeping every 30 s iteration would scan the table needlessly. */
export const SNAPSHOT_SWEEP_INTERVAL_MS = 10 * 60_000;

export class SnapshotSweeper {
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly workerState: Pick<WorkerStateRepository, 'list' | 'delete'>,
    private readonly clock: Clock,
    private readonly intervalMs = SNAPSHOT_SWEEP_INTERVAL_MS,
    /** A removed worker type's last decision goes with its snapshot. */
    private readonly decisions?: Pick<DecisionRepository, 'delete'>,
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
    await Promise.all(stale.map(async (name) => Promise.all([this.workerState.delete(name), this.decisions?.delete(name)])));
    return stale;
  }
}
