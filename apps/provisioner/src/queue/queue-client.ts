/**
 * The daemon's one client of the Taskcluster Queue v1 API: pendingTasks, listWorkers (paged),
 * getWorker, quarantineWorker and status, with the routes, query strings and bodies of the
 * official taskcluster-client `Queue` class. Every answer is checked against the queue's
 * documented shape; failures are QueueErrors (unreachable, timeout, http, malformed,
 * not-found); transient ones are retried a bounded number of times.
 */
import type { Sleep } from '../clock';
import { realSleep } from '../clock';
import { QueueError } from './errors';
import { queueRoutes, type ListWorkersQuery } from './routes';
import {
  ListWorkersResponseSchema,
  PendingTasksResponseSchema,
  TaskStatusResponseSchema,
  WorkerResponseSchema,
  type ListedWorker,
  type ListWorkersResponse,
  type TaskStatus,
  type WorkerResponse,
} from './schemas';
import { HttpQueueTransport, type QueueCredentials, type QueueRequest, type QueueTransport } from './transport';
import type { z } from 'zod';

/** Attempts after the first for a transient failure: rides out a queue restart, bounded within an iteration. */
export const QUEUE_RETRIES = 2;
/** Wait before retry n (1-based) is this × 4^(n−1): 200 ms, then 800 ms. */
export const QUEUE_RETRY_BASE_MS = 200;
/** Pages followed for one worker type's workers (1,000 a page by default): 20,000 workers is beyond any fleet here. */
export const MAX_WORKER_PAGES = 20;

export type QueueOperation = 'pendingTasks' | 'listWorkers' | 'getWorker' | 'quarantineWorker' | 'status';

export interface QueueClientOptions {
  retries?: number;
  sleep?: Sleep;
}

/** The read the iteration's demand side needs; the full client serves it too. */
export interface PendingTasksSource {
  pendingTasks(provisionerId: string, workerType: string): Promise<number>;
}

export interface QueueClientPort extends PendingTasksSource {
  listWorkers(provisionerId: string, workerType: string, query?: ListWorkersQuery): Promise<ListWorkersResponse>;
  /** Every worker of the worker type, following continuation tokens. */
  listAllWorkers(provisionerId: string, workerType: string): Promise<ListedWorker[]>;
  getWorker(provisionerId: string, workerType: string, workerGroup: string, workerId: string): Promise<WorkerResponse>;
  /** Sets the worker's quarantineUntil: in the future, claimWork gives it nothing; now or past lifts it. */
  quarantineWorker(provisionerId: string, workerType: string, workerGroup: string, workerId: string, until: Date): Promise<WorkerResponse>;
  taskStatus(taskId: string): Promise<TaskStatus>;
}

export class QueueClient implements QueueClientPort {
  /** Calls made (each attempt's request counted once per call, not per retry), by operation. */
  readonly calls: Record<QueueOperation, number> = { pendingTasks: 0, listWorkers: 0, getWorker: 0, quarantineWorker: 0, status: 0 };
  private readonly retries: number;
  private readonly sleep: Sleep;

  constructor(
    private readonly transport: QueueTransport,
    options: QueueClientOptions = {},
  ) {
    this.retries = options.retries ?? QUEUE_RETRIES;
    this.sleep = options.sleep ?? realSleep;
  }

  async pendingTasks(provisionerId: string, workerType: string): Promise<number> {
    const body = await this.call('pendingTasks', PendingTasksResponseSchema, {
      method: 'GET',
      path: queueRoutes.pendingTasks(provisionerId, workerType),
      operation: `pendingTasks(${provisionerId}/${workerType})`,
    });
    return body.pendingTasks;
  }

  listWorkers(provisionerId: string, workerType: string, query: ListWorkersQuery = {}): Promise<ListWorkersResponse> {
    const params: Record<string, string> = {};
    if (query.continuationToken !== undefined) params.continuationToken = query.continuationToken;
    if (query.limit !== undefined) params.limit = String(query.limit);
    if (query.quarantined !== undefined) params.quarantined = String(query.quarantined);
    return this.call('listWorkers', ListWorkersResponseSchema, {
      method: 'GET',
      path: queueRoutes.listWorkers(provisionerId, workerType),
      query: params,
      operation: `listWorkers(${provisionerId}/${workerType})`,
    });
  }

  async listAllWorkers(provisionerId: string, workerType: string): Promise<ListedWorker[]> {
    const workers: ListedWorker[] = [];
    let continuationToken: string | undefined;
    for (let page = 0; page < MAX_WORKER_PAGES; page++) {
      const answer = await this.listWorkers(provisionerId, workerType, continuationToken === undefined ? {} : { continuationToken });
      workers.push(...answer.workers);
      continuationToken = answer.continuationToken;
      if (continuationToken === undefined) return workers;
    }
    throw new QueueError(`listWorkers(${provisionerId}/${workerType})`, 'malformed', `still paging after ${MAX_WORKER_PAGES} pages`);
  }

  getWorker(provisionerId: string, workerType: string, workerGroup: string, workerId: string): Promise<WorkerResponse> {
    return this.call('getWorker', WorkerResponseSchema, {
      method: 'GET',
      path: queueRoutes.worker(provisionerId, workerType, workerGroup, workerId),
      operation: `getWorker(${provisionerId}/${workerType}/${workerGroup}/${workerId})`,
    });
  }

  quarantineWorker(provisionerId: string, workerType: string, workerGroup: string, workerId: string, until: Date): Promise<WorkerResponse> {
    return this.call('quarantineWorker', WorkerResponseSchema, {
      method: 'PUT',
      path: queueRoutes.worker(provisionerId, workerType, workerGroup, workerId),
      body: { quarantineUntil: until.toISOString() },
      operation: `quarantineWorker(${provisionerId}/${workerType}/${workerGroup}/${workerId})`,
    });
  }

  async taskStatus(taskId: string): Promise<TaskStatus> {
    const body = await this.call('status', TaskStatusResponseSchema, { method: 'GET', path: queueRoutes.status(taskId), operation: `status(${taskId})` });
    return body.status;
  }

  /** One call: attempts until an answer, a failure that is not transient, or the retries are spent. */
  private async call<S extends z.ZodType>(operation: QueueOperation, schema: S, request: QueueRequest): Promise<z.output<S>> {
    this.calls[operation] += 1;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(schema, request);
      } catch (err) {
        if (!(err instanceof QueueError) || !err.retryable || attempt >= this.retries) throw err;
        await this.sleep(QUEUE_RETRY_BASE_MS * 4 ** attempt);
      }
    }
  }

  private async attempt<S extends z.ZodType>(schema: S, request: QueueRequest): Promise<z.output<S>> {
    const { status, body } = await this.transport.send(request);
    if (status === 404) throw new QueueError(request.operation, 'not-found', `HTTP 404${reason(body)}`, status);
    if (status < 200 || status >= 300) throw new QueueError(request.operation, 'http', `HTTP ${status}${reason(body)}`, status);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new QueueError(request.operation, 'malformed', `answer is not the documented shape: ${describe(body)}`);
    }
    return parsed.data as z.output<S>;
  }
}

/** A client of the queue at `rootUrl` over HTTP (QUEUE_ROOT_URL), signing when given credentials. */
export function httpQueueClient(
  rootUrl: string,
  options: { credentials?: QueueCredentials; timeoutMs?: number } & QueueClientOptions = {},
): QueueClient {
  const { credentials, timeoutMs, ...clientOptions } = options;
  return new QueueClient(
    new HttpQueueTransport(rootUrl, { ...(credentials ? { credentials } : {}), ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    clientOptions,
  );
}

/** The queue's own error message, when it sent one (Taskcluster errors are `{code, message}`). */
function reason(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    return `: ${body.message.split('\n')[0]?.slice(0, 200) ?? ''}`;
  }
  return '';
}

/** A short rendering of a bad answer for the log (never the whole of a large body). */
function describe(body: unknown): string {
  if (body === undefined) return 'not JSON';
  const text = JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
