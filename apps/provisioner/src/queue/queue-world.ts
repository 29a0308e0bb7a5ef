/**
 * What a queue knows, in the terms of the v1 answers the daemon reads: workers (registered at
 * their first claimWork), their recent task runs and quarantine, task runs and their states.
 * Two implementations: the development stand-in's own memory (dev/queue-stand-in-state.ts) and
 * the simulator's fleet (apps/simulator). queue-answers.ts turns either into HTTP answers.
 */

export interface WorkerTruth {
  workerGroup: string;
  workerId: string;
  /** Epoch ms of the worker's first claimWork. */
  firstClaimMs: number;
  /** Epoch ms; absent when never quarantined. A time in the past is a lifted quarantine. */
  quarantineUntilMs?: number;
  /** Task runs the worker claimed, oldest first (the queue reports the last 20). */
  recentTasks: readonly { taskId: string; runId: number }[];
}

export type RunState = 'pending' | 'running' | 'completed' | 'failed' | 'exception';

export interface RunTruth {
  runId: number;
  state: RunState;
  scheduledMs: number;
  startedMs?: number;
  resolvedMs?: number;
  reasonResolved?: string;
  workerGroup?: string;
  workerId?: string;
}

export interface TaskTruth {
  taskId: string;
  provisionerId: string;
  workerType: string;
  runs: readonly RunTruth[];
}

export interface QueueWorld {
  pendingTasks(provisionerId: string, workerType: string): number;
  /** The worker type's workers (any order; answers sort them). */
  workers(provisionerId: string, workerType: string): readonly WorkerTruth[];
  worker(provisionerId: string, workerType: string, workerGroup: string, workerId: string): WorkerTruth | undefined;
  /** Sets quarantineUntil; false when the queue does not know the worker. */
  quarantine(provisionerId: string, workerType: string, workerGroup: string, workerId: string, untilMs: number): boolean;
  task(taskId: string): TaskTruth | undefined;
}

/** A failure the world answers with (the stand-in's failures set by hand): an HTTP status and a Taskcluster error code. */
export class QueueWorldError extends Error {
  override readonly name = 'QueueWorldError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A worker is quarantined while its quarantineUntil lies ahead: claimWork gives it nothing. */
export function isQuarantined(worker: Pick<WorkerTruth, 'quarantineUntilMs'>, nowMs: number): boolean {
  return worker.quarantineUntilMs !== undefined && worker.quarantineUntilMs > nowMs;
}
