/**
 * The queue's v1 answers for the routes the daemon uses, from a QueueWorld: the bodies,
 * statuses and paging the real queue gives (its published schemas), so the development
 * stand-in (over HTTP) and the simulator (in process) answer exactly alike, and the daemon's
 * client reads both through the same code.
 */
import { QuarantineWorkerRequestSchema } from './schemas';
import { matchQueueRoute } from './routes';
import { QueueWorldError, type QueueWorld, type TaskTruth, type WorkerTruth } from './queue-world';

/** The queue's default and largest page of listWorkers. */
export const LIST_WORKERS_PAGE = 1000;
/** How many recent task runs getWorker reports, as the queue does. */
export const RECENT_TASKS = 20;
/** How long the queue keeps an idle worker's record (its `expires`): a day, as the real queue. */
const WORKER_RECORD_MS = 24 * 3600_000;
/** A task's deadline and expiry as the stand-in reports them (values the daemon never reads). */
const TASK_DEADLINE_MS = 24 * 3600_000;
const TASK_EXPIRES_MS = 28 * 24 * 3600_000;

export interface QueueAnswer {
  status: number;
  body: unknown;
}

export interface QueueAsk {
  method: string;
  /** Below /api/queue/v1. */
  path: string;
  query: URLSearchParams;
  body?: unknown;
}

const iso = (ms: number) => new Date(ms).toISOString();
const fail = (status: number, code: string, message: string): QueueAnswer => ({ status, body: { code, message } });

export function answerQueueRequest(world: QueueWorld, ask: QueueAsk, nowMs: number): QueueAnswer {
  try {
    return answer(world, ask, nowMs);
  } catch (err) {
    if (err instanceof QueueWorldError) return fail(err.status, err.code, err.message);
    throw err;
  }
}

function answer(world: QueueWorld, ask: QueueAsk, nowMs: number): QueueAnswer {
  const route = matchQueueRoute(ask.path);
  if (!route) return fail(404, 'ResourceNotFound', `no route for ${ask.method} ${ask.path}`);
  if (route.name === 'pendingTasks' && ask.method === 'GET') {
    const { provisionerId, workerType } = route;
    return { status: 200, body: { provisionerId, workerType, pendingTasks: world.pendingTasks(provisionerId, workerType) } };
  }
  if (route.name === 'listWorkers' && ask.method === 'GET') return listWorkers(world, route.provisionerId, route.workerType, ask.query, nowMs);
  if (route.name === 'worker' && ask.method === 'GET') {
    const worker = world.worker(route.provisionerId, route.workerType, route.workerGroup, route.workerId);
    if (!worker) return fail(404, 'ResourceNotFound', `worker ${route.workerGroup}/${route.workerId} not found`);
    return { status: 200, body: workerResponse(route.provisionerId, route.workerType, worker) };
  }
  if (route.name === 'worker' && ask.method === 'PUT') {
    const parsed = QuarantineWorkerRequestSchema.safeParse(ask.body);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      return fail(400, 'InputValidationError', `quarantineWorker body must be {quarantineUntil: date-time}: ${reasons.join('; ')}`);
    }
    const { provisionerId, workerType, workerGroup, workerId } = route;
    if (!world.quarantine(provisionerId, workerType, workerGroup, workerId, Date.parse(parsed.data.quarantineUntil))) {
      return fail(404, 'ResourceNotFound', `worker ${workerGroup}/${workerId} not found`);
    }
    return { status: 200, body: workerResponse(provisionerId, workerType, world.worker(provisionerId, workerType, workerGroup, workerId)!) };
  }
  if (route.name === 'status' && ask.method === 'GET') {
    const task = world.task(route.taskId);
    if (!task) return fail(404, 'ResourceNotFound', `task ${route.taskId} not found`);
    return { status: 200, body: { status: taskStatus(task) } };
  }
  return fail(404, 'ResourceNotFound', `no route for ${ask.method} ${ask.path}`);
}

function listWorkers(world: QueueWorld, provisionerId: string, workerType: string, query: URLSearchParams, nowMs: number): QueueAnswer {
  const limitText = query.get('limit');
  const limit = limitText === null ? LIST_WORKERS_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) return fail(400, 'InvalidRequestArguments', `limit must be a positive integer, got ${limitText}`);
  const quarantined = query.get('quarantined');
  if (quarantined !== null && quarantined !== 'true' && quarantined !== 'false') {
    return fail(400, 'InvalidRequestArguments', `quarantined must be true or false, got ${quarantined}`);
  }
  const token = query.get('continuationToken');
  let after: string | undefined;
  if (token !== null) {
    after = decodeToken(token);
    if (after === undefined) return fail(400, 'InvalidRequestArguments', 'continuationToken is not one this queue gave');
  }
  const key = (w: WorkerTruth) => `${w.workerGroup}/${w.workerId}`;
  const all = [...world.workers(provisionerId, workerType)]
    .filter((w) => quarantined === null || (quarantined === 'true') === (w.quarantineUntilMs !== undefined && w.quarantineUntilMs > nowMs))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .filter((w) => after === undefined || key(w) > after);
  const page = all.slice(0, Math.min(limit, LIST_WORKERS_PAGE));
  const body: { workers: unknown[]; continuationToken?: string } = {
    workers: page.map((w) => {
      const latest = w.recentTasks[w.recentTasks.length - 1];
      return {
        workerGroup: w.workerGroup,
        workerId: w.workerId,
        firstClaim: iso(w.firstClaimMs),
        ...(w.quarantineUntilMs === undefined ? {} : { quarantineUntil: iso(w.quarantineUntilMs) }),
        ...(latest ? { latestTask: { taskId: latest.taskId, runId: latest.runId } } : {}),
      };
    }),
  };
  if (all.length > page.length) body.continuationToken = encodeToken(key(page[page.length - 1]!));
  return { status: 200, body };
}

function workerResponse(provisionerId: string, workerType: string, w: WorkerTruth): unknown {
  const lastActive = Math.max(w.firstClaimMs, w.quarantineUntilMs ?? 0);
  return {
    provisionerId,
    workerType,
    workerGroup: w.workerGroup,
    workerId: w.workerId,
    recentTasks: w.recentTasks.slice(-RECENT_TASKS).map(({ taskId, runId }) => ({ taskId, runId })),
    expires: iso(lastActive + WORKER_RECORD_MS),
    firstClaim: iso(w.firstClaimMs),
    ...(w.quarantineUntilMs === undefined ? {} : { quarantineUntil: iso(w.quarantineUntilMs) }),
    actions: [],
  };
}

function taskStatus(task: TaskTruth): unknown {
  const last = task.runs[task.runs.length - 1];
  const scheduled = task.runs[0]?.scheduledMs ?? 0;
  return {
    taskId: task.taskId,
    provisionerId: task.provisionerId,
    workerType: task.workerType,
    schedulerId: '-',
    taskGroupId: task.taskId,
    deadline: iso(scheduled + TASK_DEADLINE_MS),
    expires: iso(scheduled + TASK_EXPIRES_MS),
    retriesLeft: 5,
    state: last ? last.state : 'unscheduled',
    runs: task.runs.map((run) => ({
      runId: run.runId,
      state: run.state,
      reasonCreated: run.runId === 0 ? 'scheduled' : 'retry',
      ...(run.reasonResolved === undefined ? {} : { reasonResolved: run.reasonResolved }),
      ...(run.workerGroup === undefined ? {} : { workerGroup: run.workerGroup }),
      ...(run.workerId === undefined ? {} : { workerId: run.workerId }),
      scheduled: iso(run.scheduledMs),
      ...(run.startedMs === undefined ? {} : { started: iso(run.startedMs) }),
      ...(run.resolvedMs === undefined ? {} : { resolved: iso(run.resolvedMs) }),
    })),
  };
}

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'string' ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}
