/**
 * DEVELOPMENT AID. The stand-in queue's memory: pending counts set by hand, workers registered
 * by hand (as at their first claimWork), tasks they claim and resolve. Claims follow the real
 * queue's rule: a quarantined worker is given nothing (unless the claim was already in flight
 * when the quarantine began, which the real queue's long-poll allows: `inFlight`).
 */
import slugid from 'slugid';
import type { Clock } from '../clock';
import { isQuarantined, QueueWorldError, type QueueWorld, type RunTruth, type TaskTruth, type WorkerTruth } from '../queue/queue-world';

/** A refusal of the stand-in, answered with its status and code (also what a failure set by hand throws). */
export class StandInError extends QueueWorldError {}

interface PendingEntry {
  pendingTasks: number;
  failStatus?: number;
  reads: number;
}

interface MutableWorker extends WorkerTruth {
  recentTasks: { taskId: string; runId: number }[];
}

interface MutableTask extends TaskTruth {
  runs: RunTruth[];
}

const key = (...parts: string[]) => parts.join('/');

export class StandInState implements QueueWorld {
  private readonly pending = new Map<string, PendingEntry>();
  private readonly workersByType = new Map<string, Map<string, MutableWorker>>();
  private readonly tasks = new Map<string, MutableTask>();

  constructor(private readonly clock: Clock) {}

  // ---- QueueWorld (what the v1 routes answer from)

  pendingTasks(provisionerId: string, workerType: string): number {
    const entry = this.entry(provisionerId, workerType);
    entry.reads += 1;
    if (entry.failStatus !== undefined) throw new StandInError(entry.failStatus, 'StandInFailure', 'failure set by hand');
    return entry.pendingTasks;
  }

  workers(provisionerId: string, workerType: string): readonly WorkerTruth[] {
    return [...(this.workersByType.get(key(provisionerId, workerType))?.values() ?? [])];
  }

  worker(provisionerId: string, workerType: string, workerGroup: string, workerId: string): WorkerTruth | undefined {
    return this.workersByType.get(key(provisionerId, workerType))?.get(key(workerGroup, workerId));
  }

  quarantine(provisionerId: string, workerType: string, workerGroup: string, workerId: string, untilMs: number): boolean {
    const worker = this.workersByType.get(key(provisionerId, workerType))?.get(key(workerGroup, workerId));
    if (!worker) return false;
    worker.quarantineUntilMs = untilMs;
    return true;
  }

  task(taskId: string): TaskTruth | undefined {
    return this.tasks.get(taskId);
  }

  // ---- by hand (the dev routes and tests)

  setPending(provisionerId: string, workerType: string, pendingTasks: number): void {
    const entry = this.entry(provisionerId, workerType);
    entry.pendingTasks = pendingTasks;
    delete entry.failStatus;
  }

  setFailure(provisionerId: string, workerType: string, status: number): void {
    this.entry(provisionerId, workerType).failStatus = status;
  }

  reads(provisionerId: string, workerType: string): number {
    return this.pending.get(key(provisionerId, workerType))?.reads ?? 0;
  }

  pendingCounts(): Record<string, number> {
    return Object.fromEntries([...this.pending].map(([k, v]) => [k, v.failStatus ?? v.pendingTasks]));
  }

  /** The worker's first claimWork: the queue knows it from now on (idempotent). */
  registerWorker(provisionerId: string, workerType: string, workerGroup: string, workerId: string): WorkerTruth {
    const byId = this.workersByType.get(key(provisionerId, workerType)) ?? new Map<string, MutableWorker>();
    this.workersByType.set(key(provisionerId, workerType), byId);
    let worker = byId.get(key(workerGroup, workerId));
    if (!worker) {
      worker = { workerGroup, workerId, firstClaimMs: this.clock.now(), recentTasks: [] };
      byId.set(key(workerGroup, workerId), worker);
    }
    return worker;
  }

  /**
   * The worker claims a new task (registering it if needed); one pending task, if any, is the
   * one claimed. A quarantined worker gets nothing (StandInError 409) unless `inFlight`.
   */
  claim(provisionerId: string, workerType: string, workerGroup: string, workerId: string, options: { inFlight?: boolean } = {}): { taskId: string; runId: number } {
    const worker = this.registerWorker(provisionerId, workerType, workerGroup, workerId) as MutableWorker;
    const now = this.clock.now();
    if (isQuarantined(worker, now) && !options.inFlight) {
      throw new StandInError(409, 'WorkerQuarantined', `worker ${workerGroup}/${workerId} is quarantined until ${new Date(worker.quarantineUntilMs!).toISOString()}: claimWork gives it nothing`);
    }
    const entry = this.entry(provisionerId, workerType);
    if (entry.pendingTasks > 0) entry.pendingTasks -= 1;
    const taskId = slugid.nice();
    this.tasks.set(taskId, {
      taskId,
      provisionerId,
      workerType,
      runs: [{ runId: 0, state: 'running', scheduledMs: now, startedMs: now, workerGroup, workerId }],
    });
    worker.recentTasks.push({ taskId, runId: 0 });
    return { taskId, runId: 0 };
  }

  /** Resolves the task's running run (completed by default). */
  resolve(taskId: string, state: 'completed' | 'failed' | 'exception' = 'completed'): RunTruth {
    const task = this.tasks.get(taskId);
    const run = task?.runs[task.runs.length - 1];
    if (!run) throw new StandInError(404, 'ResourceNotFound', `task ${taskId} not found`);
    if (run.state !== 'running') throw new StandInError(409, 'RequestConflict', `task ${taskId} run ${run.runId} is ${run.state}, not running`);
    run.state = state;
    run.resolvedMs = this.clock.now();
    run.reasonResolved = state === 'exception' ? 'worker-shutdown' : state;
    return run;
  }

  private entry(provisionerId: string, workerType: string): PendingEntry {
    let found = this.pending.get(key(provisionerId, workerType));
    if (!found) {
      found = { pendingTasks: 0, reads: 0 };
      this.pending.set(key(provisionerId, workerType), found);
    }
    return found;
  }
}
