/**
 * The simulated world outside the daemon: instances (pending while they boot, then running
 * and claiming tasks up to their capacity, shutting themselves down after an idle timeout,
 * interrupted at their pool's rate) and one FIFO queue of tasks per worker type.
 * Billing is per second at the pool's price of the moment.
 */
import type { FakeInstance } from '@spot-provisioner/provisioner';
import type { PriceBook } from './prices';
import type { LaunchDraws, WorldDraws } from './world-draws';

/**
 * Which waiting worker the queue answers first: the one idle longest, the one idle shortest,
 * or any (Taskcluster's claimWork long-polls race for each message: effectively random).
 */
export const CLAIM_ORDERS = ['random', 'longest-idle', 'most-recent'] as const;
export type ClaimOrder = (typeof CLAIM_ORDERS)[number];

/** One run of a task, as the queue records it (its status answers from these). */
export interface SimRun {
  task: Task;
  runId: number;
  state: 'pending' | 'running' | 'completed' | 'exception';
  scheduledS: number;
  startedS?: number;
  resolvedS?: number;
  instance?: SimInstance;
}

export interface Task {
  /** The trace's index: stable across runs and policies (its claim draws are keyed by it). */
  id: number;
  workerType: string;
  arrivedS: number;
  durationS: number;
  /** Seconds spent pending so far (over every run, when interrupted). */
  waitedS: number;
  /** When it last entered the queue. */
  queuedS: number;
  runs: number;
  /** Its runs as the queue records them; the last one is the current. */
  runLog: SimRun[];
}

/** An instance: as EC2 (the daemon's fake EC2) holds it, and what the simulated world tracks of it. */
export interface SimInstance extends FakeInstance {
  workerType: string;
  capacity: number;
  clientToken: string;
  launchedS: number;
  readyS: number;
  state: 'pending' | 'running' | 'terminated';
  /** Running tasks and when each started. */
  tasks: Map<Task, number>;
  /** Tasks this instance ever started. */
  tasksStarted: number;
  /** When it last had no task (running instances only). */
  idleSinceS: number;
  /** Cost billed up to billedUntilS. */
  costUsd: number;
  billedUntilS: number;
  /** The draws of this launch (boot, interruption): common random numbers, see world-draws.ts. */
  draws: LaunchDraws;
  /** When its worker first called claimWork (the queue knows it from then on): when it came up. */
  knownToQueueS?: number;
  /** The queue's quarantine: no claim while it lies ahead. */
  quarantineUntilS?: number;
  /** Task runs it claimed, oldest first (the queue's recentTasks). */
  recentRuns: SimRun[];
  /** When it stopped (the queue still lists its worker for a while). */
  terminatedS?: number;
  /** Stopped by the daemon (a drain or cleanup), not by its own idle timeout or an interruption. */
  terminatedByDaemon?: boolean;
}

/** Task runs a worker's record keeps (the queue reports the last 20). */
const RECENT_RUNS = 20;

export interface FleetTotals {
  costUsd: number;
  capacitySeconds: number;
  busySlotSeconds: number;
  interruptions: number;
  tasksRequeued: number;
  tasksCompleted: number;
  /** Instances that never ran a task (booted to an empty queue), and what they cost. */
  unusedInstances: number;
  unusedCostUsd: number;
  /** Slot-seconds billed while instances booted, and in the idle stretch before a worker shut itself down. */
  bootSlotSeconds: number;
  idleTailSlotSeconds: number;
  waits: number[];
  waitsByWorkerType: Map<string, number[]>;
  costByWorkerType: Map<string, number>;
  /** Tasks running on an instance the daemon terminated (a drain must never do this). */
  tasksKilledByDaemon: number;
}

export class Fleet {
  readonly instances = new Map<string, SimInstance>();
  private readonly queues = new Map<string, Task[]>();
  readonly totals: FleetTotals = {
    costUsd: 0,
    capacitySeconds: 0,
    busySlotSeconds: 0,
    interruptions: 0,
    tasksRequeued: 0,
    tasksCompleted: 0,
    unusedInstances: 0,
    unusedCostUsd: 0,
    bootSlotSeconds: 0,
    idleTailSlotSeconds: 0,
    waits: [],
    waitsByWorkerType: new Map(),
    costByWorkerType: new Map(),
    tasksKilledByDaemon: 0,
  };
  /** Instances stopped within the last hour: the queue still lists their workers. */
  readonly departed = new Map<string, SimInstance>();

  constructor(
    private readonly prices: PriceBook,
    private readonly claimOrder: ClaimOrder,
    private readonly draws: WorldDraws,
  ) {}

  pendingTasks(workerType: string): number {
    return this.queues.get(workerType)?.length ?? 0;
  }

  queuedTotal(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  enqueue(task: Task, t: number, front = false): void {
    task.queuedS = t;
    task.runLog.push({ task, runId: task.runLog.length, state: 'pending', scheduledS: t });
    const queue = this.queues.get(task.workerType) ?? [];
    if (front) queue.unshift(task);
    else queue.push(task);
    this.queues.set(task.workerType, queue);
  }

  /**
   * Free slots claim queued tasks, first in first out; which free worker takes each task follows
   * the fleet's claim order. Quarantined workers claim nothing. Returns the tasks started.
   */
  dispatch(workerType: string, t: number): { task: Task; instance: SimInstance }[] {
    const queue = this.queues.get(workerType);
    const started: { task: Task; instance: SimInstance }[] = [];
    if (!queue || queue.length === 0) return started;
    const free = [...this.instances.values()]
      .filter((i) => i.workerType === workerType && i.state === 'running' && i.tasks.size < i.capacity && !(i.quarantineUntilS !== undefined && i.quarantineUntilS > t))
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    while (queue.length > 0 && free.length > 0) {
      const task = queue[0] as Task;
      const index = this.claimer(free, task);
      const instance = free[index] as SimInstance;
      queue.shift();
      task.waitedS += t - task.queuedS;
      task.runs += 1;
      instance.tasks.set(task, t);
      instance.tasksStarted += 1;
      const run = task.runLog[task.runLog.length - 1] as SimRun;
      run.state = 'running';
      run.startedS = t;
      run.instance = instance;
      instance.recentRuns.push(run);
      if (instance.recentRuns.length > RECENT_RUNS) instance.recentRuns.shift();
      if (instance.tasks.size >= instance.capacity) free.splice(index, 1);
      started.push({ task, instance });
    }
    return started;
  }

  /** Which free worker (an index into `free`, sorted by instance id) claims `task`. */
  private claimer(free: readonly SimInstance[], task: Task): number {
    if (this.claimOrder === 'random') return Math.min(free.length - 1, Math.floor(this.draws.claim(task.id, task.runs) * free.length));
    const sign = this.claimOrder === 'longest-idle' ? 1 : -1;
    let best = 0;
    for (let i = 1; i < free.length; i++) {
      if (sign * (freeSince(free[i] as SimInstance) - freeSince(free[best] as SimInstance)) < 0) best = i;
    }
    return best;
  }

  /** The task finished on the instance; true when that left the instance idle. */
  finish(task: Task, instance: SimInstance, t: number): boolean {
    const startedS = instance.tasks.get(task);
    if (startedS === undefined) return false;
    instance.tasks.delete(task);
    this.totals.busySlotSeconds += t - startedS;
    this.totals.tasksCompleted += 1;
    const run = task.runLog[task.runLog.length - 1] as SimRun;
    run.state = 'completed';
    run.resolvedS = t;
    this.recordWait(task, task.waitedS);
    if (instance.tasks.size === 0) {
      instance.idleSinceS = t;
      return true;
    }
    return false;
  }

  /**
   * Stops the instance and bills it; its running tasks go back to the front of the queue (their
   * runs resolved as an exception, a new run pending). `byDaemon`: the daemon terminated it.
   */
  terminate(instance: SimInstance, t: number, interrupted: boolean, byDaemon = false): Task[] {
    if (instance.state === 'terminated') return [];
    if (byDaemon) {
      instance.terminatedByDaemon = true;
      this.totals.tasksKilledByDaemon += instance.tasks.size;
    }
    this.bill(instance, t);
    this.totals.capacitySeconds += instance.capacity * (t - instance.launchedS);
    this.totals.bootSlotSeconds += instance.capacity * (Math.min(t, instance.readyS) - instance.launchedS);
    if (!interrupted && instance.state === 'running' && instance.tasks.size === 0) {
      this.totals.idleTailSlotSeconds += instance.capacity * (t - instance.idleSinceS);
    }
    instance.state = 'terminated';
    instance.terminatedS = t;
    this.instances.delete(instance.instanceId);
    if (instance.knownToQueueS !== undefined) this.departed.set(instance.instanceId, instance);
    if (instance.tasksStarted === 0) {
      this.totals.unusedInstances += 1;
      this.totals.unusedCostUsd += instance.costUsd;
    }
    const requeued = [...instance.tasks.entries()].sort((a, b) => b[1] - a[1]).map(([task, startedS]) => {
      this.totals.busySlotSeconds += t - startedS;
      const run = task.runLog[task.runLog.length - 1] as SimRun;
      run.state = 'exception';
      run.resolvedS = t;
      return task;
    });
    instance.tasks.clear();
    if (interrupted) this.totals.interruptions += 1;
    for (const task of requeued) {
      this.totals.tasksRequeued += 1;
      this.enqueue(task, t, true);
    }
    return requeued;
  }

  /** Bills every live instance up to `t`; returns the run's cost so far. */
  costSoFar(t: number): number {
    for (const instance of this.instances.values()) this.bill(instance, t);
    return this.totals.costUsd;
  }

  capacity(workerType?: string): { running: number; pending: number } {
    let running = 0;
    let pending = 0;
    for (const i of this.instances.values()) {
      if (workerType !== undefined && i.workerType !== workerType) continue;
      if (i.state === 'running') running += i.capacity;
      else if (i.state === 'pending') pending += i.capacity;
    }
    return { running, pending };
  }

  /** Queued tasks at the end of a run count as served at `t` (their wait is censored there). */
  censorQueued(t: number): number {
    let count = 0;
    for (const queue of this.queues.values()) {
      for (const task of queue) {
        this.recordWait(task, task.waitedS + (t - task.queuedS));
        count++;
      }
      queue.length = 0;
    }
    return count;
  }

  private recordWait(task: Task, waitS: number): void {
    this.totals.waits.push(waitS);
    const list = this.totals.waitsByWorkerType.get(task.workerType) ?? [];
    list.push(waitS);
    this.totals.waitsByWorkerType.set(task.workerType, list);
  }

  private bill(instance: SimInstance, t: number): void {
    if (t <= instance.billedUntilS) return;
    const cost =
      instance.market === 'spot'
        ? this.prices.spotCost(instance.availabilityZone, instance.instanceType, instance.billedUntilS, t)
        : ((this.prices.onDemand[instance.instanceType] ?? 0) * (t - instance.billedUntilS)) / 3600;
    instance.costUsd += cost;
    this.totals.costUsd += cost;
    this.totals.costByWorkerType.set(instance.workerType, (this.totals.costByWorkerType.get(instance.workerType) ?? 0) + cost);
    instance.billedUntilS = t;
  }
}

function freeSince(instance: SimInstance): number {
  return instance.tasks.size === 0 ? instance.idleSinceS : Number.POSITIVE_INFINITY;
}
