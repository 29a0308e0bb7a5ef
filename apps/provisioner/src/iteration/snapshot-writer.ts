/**
 * Writes state snapshots, skipping one identical (apart from its time) to what this daemon
 * last wrote for the worker type.
 */
import { canonicalJson, type WorkerStateRepository, type WorkerStateSnapshot } from '@spot-provisioner/model';
import type { Clock } from '../clock';
import { ChangeTracker } from './change-tracker';

/** Unchanged snapshots are still rewritten this often, so the table converges whatever else touched it. */
export const SNAPSHOT_REFRESH_MS = 5 * 60_000;

export class SnapshotWriter {
  private readonly tracker: ChangeTracker;

  constructor(
    private readonly workerState: Pick<WorkerStateRepository, 'put'>,
    clock: Clock,
    refreshMs = SNAPSHOT_REFRESH_MS,
  ) {
    this.tracker = new ChangeTracker(clock, refreshMs);
  }

  /** Resolves true when it wrote, false when the stored snapshot is known to be the same. */
  async write(snapshot: WorkerStateSnapshot): Promise<boolean> {
    const { updatedAt: _updatedAt, ...rest } = snapshot;
    const content = canonicalJson(rest);
    if (!this.tracker.needsWrite(snapshot.workerType, content)) return false;
    await this.workerState.put(snapshot);
    this.tracker.wrote(snapshot.workerType, content);
    return true;
  }

  /** Forgets what was written for one worker type, or for all (another daemon may have written since). */
  forget(workerType?: string): void {
    this.tracker.forget(workerType);
  }
}
