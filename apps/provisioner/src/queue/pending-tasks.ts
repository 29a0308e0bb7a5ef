/**
 * Asks the Taskcluster queue how many tasks wait for a worker type:
 * GET <rootUrl>/api/queue/v1/pending/<provisionerId>/<workerType> → {pendingTasks}.
 */
import { errorMessage } from '../error-message';

/** A queue that has not answered in this long will not answer usefully within the iteration. */
export const QUEUE_REQUEST_TIMEOUT_MS = 10_000;

export class QueueError extends Error {
  override readonly name = 'QueueError';
  constructor(
    readonly workerType: string,
    message: string,
  ) {
    super(`pending tasks of ${workerType}: ${message}`);
  }
}

export function isQueueError(err: unknown): err is QueueError {
  return err instanceof QueueError;
}

export interface PendingTasksSource {
  pendingTasks(provisionerId: string, workerType: string): Promise<number>;
}

export class QueuePendingTasks implements PendingTasksSource {
  private readonly base: string;

  constructor(
    rootUrl: string,
    private readonly timeoutMs = QUEUE_REQUEST_TIMEOUT_MS,
  ) {
    this.base = rootUrl.replace(/\/+$/, '');
  }

  async pendingTasks(provisionerId: string, workerType: string): Promise<number> {
    const url = `${this.base}/api/queue/v1/pending/${encodeURIComponent(provisionerId)}/${encodeURIComponent(workerType)}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    } catch (err) {
      throw new QueueError(workerType, `request failed: ${errorMessage(err)}`);
    }
    if (!response.ok) throw new QueueError(workerType, `HTTP ${response.status}`);
    const body = (await response.json().catch(() => undefined)) as { pendingTasks?: unknown } | undefined;
    const count = body?.pendingTasks;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new QueueError(workerType, `answer has no valid pendingTasks: ${JSON.stringify(body)}`);
    }
    return count;
  }
}

/** Counts the queries that fail, per worker type (the iteration goes on without them). */
export class CountedPendingTasks implements PendingTasksSource {
  constructor(
    private readonly inner: PendingTasksSource,
    private readonly onFailure: (workerType: string) => void,
  ) {}

  async pendingTasks(provisionerId: string, workerType: string): Promise<number> {
    try {
      return await this.inner.pendingTasks(provisionerId, workerType);
    } catch (err) {
      this.onFailure(workerType);
      throw err;
    }
  }
}
