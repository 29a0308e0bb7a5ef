import type { DemandObservation } from '@spot-provisioner/bidding';

/**
 * What scale-down remembers between iterations, per worker type, in the daemon's memory (a
 * restart forgets it; then nothing is terminated until drains are decided afresh, and a
 * forgotten quarantine lapses by itself after QUARANTINE_HOLD_MS):
 * - each worker's latest task run as last listed, when it was first seen, whether its status
 *   was seen running (and when) or resolved (runs never un-resolve, so that is kept);
 * - the pending counts and claims of recent iterations, for the keep-warm forecast;
 * - the drains in progress: which workers this daemon quarantined, when, with which latest task;
 * - the capacity the last forecast would launch ahead of the arrivals (read by the next decide).
 */

export interface WorkerMemory {
  /** `taskId/runId` of its latest task run as last listed; undefined: none yet. */
  latest: string | undefined;
  /** When that latest run was first listed. */
  latestSeenAt: number;
  /** When its latest run's status was last seen running. */
  checkedRunningAt?: number;
  /** When its latest run resolved, once a status said so. */
  resolvedAt?: number;
}

export interface DrainInProgress {
  instanceId: string;
  region: string;
  quarantinedAt: number;
  /** Its latest task run at the quarantine: another one since means it claimed meanwhile. */
  latestAtQuarantine: string | undefined;
  /** The queue did not know the worker (it never called claimWork): nothing could be quarantined. */
  unknownToQueue: boolean;
}

/** A worker type's recent observations for the keep-warm forecast (pending counts and claims). */
export interface ObservationLog {
  get(): readonly DemandObservation[];
  set(history: readonly DemandObservation[]): void;
}

export class ScaleDownMemory {
  private readonly observations = new Map<string, readonly DemandObservation[]>();
  private readonly workers = new Map<string, Map<string, WorkerMemory>>();
  private readonly drains = new Map<string, Map<string, DrainInProgress>>();
  /** When each worker type's workers were last listed (claims are counted against that list). */
  private readonly listedAt = new Map<string, number>();
  private readonly launchAhead = new Map<string, number>();

  workersOf(workerType: string): Map<string, WorkerMemory> {
    let found = this.workers.get(workerType);
    if (!found) {
      found = new Map();
      this.workers.set(workerType, found);
    }
    return found;
  }

  drainsOf(workerType: string): Map<string, DrainInProgress> {
    let found = this.drains.get(workerType);
    if (!found) {
      found = new Map();
      this.drains.set(workerType, found);
    }
    return found;
  }

  observationsOf(workerType: string): ObservationLog {
    return {
      get: () => this.observations.get(workerType) ?? [],
      set: (history) => void this.observations.set(workerType, history),
    };
  }

  /** Instances of the worker type quarantined by this daemon and not yet terminated or released. */
  drainingInstances(workerType: string): string[] {
    return [...(this.drains.get(workerType)?.keys() ?? [])];
  }

  /** Capacity the last forecast would launch beyond the pending tasks (undefined: no forecast). */
  launchAheadOf(workerType: string): number | undefined {
    return this.launchAhead.get(workerType);
  }

  rememberLaunchAhead(workerType: string, capacity: number | undefined): void {
    if (capacity === undefined) this.launchAhead.delete(workerType);
    else this.launchAhead.set(workerType, capacity);
  }

  lastListedAt(workerType: string): number | undefined {
    return this.listedAt.get(workerType);
  }

  listed(workerType: string, at: number): void {
    this.listedAt.set(workerType, at);
  }

  /** Forgets a worker type (scale-down turned off, or the worker type deleted). */
  forget(workerType: string): void {
    this.workers.delete(workerType);
    this.drains.delete(workerType);
    this.observations.delete(workerType);
    this.listedAt.delete(workerType);
    this.launchAhead.delete(workerType);
  }

  workerTypes(): string[] {
    return [...new Set([...this.workers.keys(), ...this.drains.keys(), ...this.listedAt.keys(), ...this.observations.keys(), ...this.launchAhead.keys()])];
  }
}

export const runKey = (run: { taskId: string; runId: number } | undefined): string | undefined => (run ? `${run.taskId}/${run.runId}` : undefined);
