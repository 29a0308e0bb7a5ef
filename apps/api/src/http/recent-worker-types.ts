/**
 * Worker type definitions as the read methods (workerType, getLaunchSpecs, state, plan-preview,
 * workerTypeLastModified) serve them: a record read within the last RECENT_WORKER_TYPE_TTL_MS
 * is served again without a table read. This process's own writes (create, update, delete)
 * forget it at once; a change made through another API process shows here within the TTL.
 * The write methods always read the table.
 */
import type { WorkerTypeRecord, WorkerTypeRepository } from '@spot-provisioner/model';

/** How long another API process's change to a definition may take to show here. */
export const RECENT_WORKER_TYPE_TTL_MS = 1_000;

export class RecentWorkerTypes {
  private readonly recent = new Map<string, { readonly record: WorkerTypeRecord; readonly readAt: number }>();
  /** Bumped by forget(): a read that began before a write may not be remembered after it. */
  private generation = 0;

  constructor(
    private readonly workerTypes: Pick<WorkerTypeRepository, 'get'>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(workerType: string): Promise<WorkerTypeRecord | null> {
    const known = this.recent.get(workerType);
    if (known && this.now() - known.readAt < RECENT_WORKER_TYPE_TTL_MS) return known.record;
    const readAt = this.now();
    const generation = this.generation;
    const record = await this.workerTypes.get(workerType);
    // not found is not remembered: a worker type created elsewhere is found at once
    if (record && generation === this.generation) this.recent.set(workerType, { record, readAt });
    return record;
  }

  /** This process wrote the worker type: the next read goes to the table. */
  forget(workerType: string): void {
    this.generation += 1;
    this.recent.delete(workerType);
  }
}
