/**
 * The simulated queue as the daemon reads it: a QueueWorld (apps/provisioner) answered from the
 * fleet's truth, served through the stand-in's own answers by an in-process transport, so the
 * daemon's real queue client (routes, parsing, paging, typed errors) runs in the simulator.
 * Workers are known to the queue from their first claimWork (when they come up), list their
 * claimed task runs, and stay listed for an hour after they stop, as the real queue keeps
 * records of gone workers (the daemon must ignore those EC2 no longer shows).
 */
import type { QueueWorld, RunTruth, TaskTruth, WorkerTruth } from '@spot-provisioner/provisioner';
import type { Fleet, SimInstance, SimRun, Task } from './fleet';

/** How long a stopped worker stays in the simulated queue's list (the real queue keeps records about a day; an hour keeps the lists a run reads small). */
export const DEPARTED_LISTED_S = 3600;

export interface SimQueueHooks {
  /** Epoch ms of simulated second `t`, and simulated seconds now. */
  epochMs(t: number): number;
  nowS(): number;
  /** A quarantine was set (or lifted: `untilS` ≤ now): the simulation lets the worker claim again when it ends. */
  quarantined(instance: SimInstance, untilS: number): void;
}

/** A task id shaped like Taskcluster's (22 URL-safe characters), from the trace index. */
export function simTaskId(task: Pick<Task, 'id'>): string {
  return `simTask${String(task.id).padStart(15, '0')}`;
}

export class SimQueueWorld implements QueueWorld {
  private readonly tasks = new Map<string, Task>();
  /** Quarantines set (drains) and lifted. */
  quarantines = 0;
  lifts = 0;

  constructor(
    private readonly provisionerId: string,
    private readonly fleet: Fleet,
    private readonly hooks: SimQueueHooks,
  ) {}

  /** A task entered the queue (its id answers status from now on). */
  track(task: Task): void {
    this.tasks.set(simTaskId(task), task);
  }

  pendingTasks(provisionerId: string, workerType: string): number {
    return provisionerId === this.provisionerId ? this.fleet.pendingTasks(workerType) : 0;
  }

  workers(provisionerId: string, workerType: string): readonly WorkerTruth[] {
    if (provisionerId !== this.provisionerId) return [];
    const now = this.hooks.nowS();
    const listed: WorkerTruth[] = [];
    for (const instance of this.fleet.instances.values()) {
      if (instance.workerType === workerType && instance.knownToQueueS !== undefined) listed.push(this.truth(instance));
    }
    for (const [id, instance] of this.fleet.departed) {
      if ((instance.terminatedS ?? now) < now - DEPARTED_LISTED_S) this.fleet.departed.delete(id);
      else if (instance.workerType === workerType) listed.push(this.truth(instance));
    }
    return listed;
  }

  worker(provisionerId: string, workerType: string, workerGroup: string, workerId: string): WorkerTruth | undefined {
    const instance = this.find(provisionerId, workerType, workerGroup, workerId);
    return instance ? this.truth(instance) : undefined;
  }

  quarantine(provisionerId: string, workerType: string, workerGroup: string, workerId: string, untilMs: number): boolean {
    const instance = this.find(provisionerId, workerType, workerGroup, workerId);
    if (!instance) return false;
    const untilS = this.hooks.nowS() + (untilMs - this.hooks.epochMs(this.hooks.nowS())) / 1000;
    if (untilS > this.hooks.nowS()) this.quarantines += 1;
    else if (instance.quarantineUntilS !== undefined && instance.quarantineUntilS > this.hooks.nowS()) this.lifts += 1;
    instance.quarantineUntilS = untilS;
    if (instance.state !== 'terminated') this.hooks.quarantined(instance, untilS);
    return true;
  }

  task(taskId: string): TaskTruth | undefined {
    const task = this.tasks.get(taskId);
    if (!task) return undefined;
    return { taskId, provisionerId: this.provisionerId, workerType: task.workerType, runs: task.runLog.map((run) => this.run(run)) };
  }

  private find(provisionerId: string, workerType: string, workerGroup: string, workerId: string): SimInstance | undefined {
    if (provisionerId !== this.provisionerId) return undefined;
    const instance = this.fleet.instances.get(workerId) ?? this.fleet.departed.get(workerId);
    if (!instance || instance.workerType !== workerType || instance.region !== workerGroup || instance.knownToQueueS === undefined) return undefined;
    return instance;
  }

  private truth(instance: SimInstance): WorkerTruth {
    return {
      workerGroup: instance.region,
      workerId: instance.instanceId,
      firstClaimMs: this.hooks.epochMs(instance.knownToQueueS as number),
      ...(instance.quarantineUntilS === undefined ? {} : { quarantineUntilMs: this.hooks.epochMs(instance.quarantineUntilS) }),
      recentTasks: instance.recentRuns.map((run) => ({ taskId: simTaskId(run.task), runId: run.runId })),
    };
  }

  private run(run: SimRun): RunTruth {
    const truth: RunTruth = { runId: run.runId, state: run.state, scheduledMs: this.hooks.epochMs(run.scheduledS) };
    if (run.startedS !== undefined) truth.startedMs = this.hooks.epochMs(run.startedS);
    if (run.resolvedS !== undefined) {
      truth.resolvedMs = this.hooks.epochMs(run.resolvedS);
      truth.reasonResolved = run.state === 'completed' ? 'completed' : 'worker-shutdown';
    }
    if (run.instance) {
      truth.workerGroup = run.instance.region;
      truth.workerId = run.instance.instanceId;
    }
    return truth;
  }
}
