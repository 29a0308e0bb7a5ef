/**
 * The pending-task count per worker type, as the iteration's demand side reads it: through
 * the queue client (queue-client.ts) or any other source, counted when it fails.
 */
import { httpQueueClient, QueueClient, type PendingTasksSource } from './queue-client';
import { HttpQueueTransport, QUEUE_REQUEST_TIMEOUT_MS } from './transport';

export { QueueError, isQueueError } from './errors';
export { QUEUE_REQUEST_TIMEOUT_MS };
export type { PendingTasksSource };

/** The queue client over HTTP without credentials: reads only (kept for callers that only count pending tasks). */
export class QueuePendingTasks extends QueueClient {
  constructor(rootUrl: string, timeoutMs = QUEUE_REQUEST_TIMEOUT_MS) {
    super(new HttpQueueTransport(rootUrl, { timeoutMs }));
  }
}

export { httpQueueClient };

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
