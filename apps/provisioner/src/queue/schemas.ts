/**
 * The Taskcluster Queue v1 answers the daemon reads, as the queue's published schemas describe
 * them (pending-tasks-response, list-workers-response, worker-response, task-status-response).
 * Loose objects: a newer queue may add fields; the ones used here must be present and typed,
 * or the answer is garbage and the call fails (never guessed at).
 */
import { z } from 'zod';

const DateTime = z.iso.datetime({ offset: true });
const Identifier = z.string().min(1).max(38);

export const PendingTasksResponseSchema = z.looseObject({ pendingTasks: z.int().min(0) });

export const TaskRunRefSchema = z.looseObject({ taskId: z.string().min(1), runId: z.int().min(0) });
export type TaskRunRef = z.infer<typeof TaskRunRefSchema>;

export const ListedWorkerSchema = z.looseObject({
  workerGroup: Identifier,
  workerId: Identifier,
  firstClaim: DateTime,
  quarantineUntil: DateTime.optional(),
  latestTask: TaskRunRefSchema.optional(),
});
export type ListedWorker = z.infer<typeof ListedWorkerSchema>;

export const ListWorkersResponseSchema = z.looseObject({
  workers: z.array(ListedWorkerSchema),
  continuationToken: z.string().min(1).optional(),
});
export type ListWorkersResponse = z.infer<typeof ListWorkersResponseSchema>;

export const WorkerResponseSchema = z.looseObject({
  provisionerId: Identifier,
  workerType: Identifier,
  workerGroup: Identifier,
  workerId: Identifier,
  recentTasks: z.array(TaskRunRefSchema),
  expires: DateTime,
  firstClaim: DateTime,
  quarantineUntil: DateTime.optional(),
});
export type WorkerResponse = z.infer<typeof WorkerResponseSchema>;

export const RUN_STATES = ['pending', 'running', 'completed', 'failed', 'exception'] as const;

export const TaskRunSchema = z.looseObject({
  runId: z.int().min(0),
  state: z.enum(RUN_STATES),
  reasonCreated: z.string(),
  reasonResolved: z.string().optional(),
  workerGroup: z.string().optional(),
  workerId: z.string().optional(),
  takenUntil: DateTime.optional(),
  scheduled: DateTime,
  started: DateTime.optional(),
  resolved: DateTime.optional(),
});
export type TaskRun = z.infer<typeof TaskRunSchema>;

export const TaskStatusSchema = z.looseObject({
  taskId: z.string().min(1),
  provisionerId: z.string(),
  workerType: z.string(),
  state: z.enum(['unscheduled', ...RUN_STATES]),
  runs: z.array(TaskRunSchema),
});
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const TaskStatusResponseSchema = z.looseObject({ status: TaskStatusSchema });

/** quarantineWorker's body: exactly `{quarantineUntil}` (additionalProperties false in the queue's schema). */
export const QuarantineWorkerRequestSchema = z.strictObject({ quarantineUntil: DateTime });
