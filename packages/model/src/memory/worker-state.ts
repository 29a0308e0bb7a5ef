/** In-memory twin of the WorkerState table: last writer wins, snapshots validated like the stored ones. */
import { parseOrThrow } from '../repositories/dynamo';
import type { WorkerStateRepository } from '../repositories/worker-state';
import { toWorkerTypeSummary, WorkerStateSnapshotSchema, type WorkerStateSnapshot, type WorkerTypeSummary } from '../schemas/worker-state';

export class MemoryWorkerStateRepository implements WorkerStateRepository {
  private readonly items = new Map<string, WorkerStateSnapshot>();

  async put(snapshot: WorkerStateSnapshot): Promise<void> {
    const valid = parseOrThrow(WorkerStateSnapshotSchema, snapshot, 'worker state snapshot');
    this.items.set(valid.workerType, structuredClone(valid));
  }

  async get(workerType: string): Promise<WorkerStateSnapshot | null> {
    const snapshot = this.items.get(workerType);
    return snapshot ? structuredClone(snapshot) : null;
  }

  async list(): Promise<WorkerStateSnapshot[]> {
    return [...this.items.values()].map((s) => structuredClone(s)).sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  async listSummaries(): Promise<WorkerTypeSummary[]> {
    return (await this.list()).map(toWorkerTypeSummary);
  }

  async delete(workerType: string): Promise<boolean> {
    return this.items.delete(workerType);
  }
}
