/**
 * What the demand policies remember between iterations: each worker type's recent
 * observations (pending tasks, running and pending capacity), kept in the daemon's memory.
 * A restart forgets it, and every policy then starts from no history (lookahead acts as classic).
 */
import { rememberObservation, type DemandObservation } from '@spot-provisioner/bidding';

export class DemandMemory {
  private readonly byWorkerType = new Map<string, DemandObservation[]>();

  /** Earlier observations of the worker type (before `now`), oldest first. */
  history(workerType: string, now: number): readonly DemandObservation[] {
    return (this.byWorkerType.get(workerType) ?? []).filter((o) => o.at < now);
  }

  record(workerType: string, observation: DemandObservation): void {
    this.byWorkerType.set(workerType, rememberObservation(this.byWorkerType.get(workerType) ?? [], observation));
  }

  clear(): void {
    this.byWorkerType.clear();
  }
}

/** The daemon's memory (one per process: one daemon acts at a time, holding the lease). */
export const processDemandMemory = new DemandMemory();
