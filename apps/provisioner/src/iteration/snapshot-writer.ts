/**
 * Writes state snapshots, skipping one identical (apart from its time) to what this daemon
 * last wrote for the worker type: an idle fleet of hundreds of worker types then costs no
 * DynamoDB writes per iteration.
 */
import { canonicalJson, type WorkerStateRepository, type WorkerStateSnapshot } from '@spot-provisioner/model';
import type { Clock } from '../clock';

/** Unchanged snapshots are still rewritten this often, so the table converges whatever else touched it. */
export const SNAPSHOT_REFRESH_MS = 5 * 60_000;

export class SnapshotWriter {
  private readonly written = new Map<string, { content: string; at: number }>();

  constructor(
    private readonly workerState: Pick<WorkerStateRepository, 'put'>,
    private readonly clock: Clock,
    private readonly refreshMs = SNAPSHOT_REFRESH_MS,
  ) {}

  /** Resolves true when it wrote, false when the stored snapshot is known to be the same. */
  async write(snapshot: WorkerStateSnapshot): Promise<boolean> {
    const { updatedAt: _updatedAt, ...rest } = snapshot;
    const content = canonicalJson(rest);
    const now = this.clock.now();
    const last = this.written.get(snapshot.workerType);
    if (last && last.content === content && now - last.at < this.refreshMs) return false;
    await this.workerState.put(snapshot);
    this.written.set(snapshot.workerType, { content, at: now });
    return true;
  }

  /** Forgets what was written for one worker type, or for all (another daemon may have written since). */
  forget(workerType?: string): void {
    if (workerType === undefined) this.written.clear();
    else this.written.delete(workerType);
  }
}
