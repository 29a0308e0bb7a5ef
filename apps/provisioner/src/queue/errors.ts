/** What went wrong talking to the Taskcluster queue, as a typed error the iteration can reason about. */

/**
 * unreachable: no HTTP answer (refused, reset, DNS); timeout: no answer in time; http: an
 * error status (`status` says which); malformed: an answer that is not what the v1 API
 * documents (garbage is never guessed at); not-found: 404 for the named resource.
 */
export type QueueErrorKind = 'unreachable' | 'timeout' | 'http' | 'malformed' | 'not-found';

export class QueueError extends Error {
  override readonly name = 'QueueError';
  constructor(
    /** The call and its subject, e.g. `pendingTasks(aws-provisioner-v1/builder)`. */
    readonly operation: string,
    readonly kind: QueueErrorKind,
    detail: string,
    /** The HTTP status, for http and not-found. */
    readonly status?: number,
  ) {
    super(`${operation}: ${detail}`);
  }

  /** Worth another attempt: the queue may answer in a moment (never a 4xx, never garbage). */
  get retryable(): boolean {
    return this.kind === 'unreachable' || (this.kind === 'http' && (this.status === undefined || this.status >= 500 || this.status === 429));
  }
}

export function isQueueError(err: unknown): err is QueueError {
  return err instanceof QueueError;
}

export function isQueueNotFound(err: unknown): err is QueueError {
  return isQueueError(err) && err.kind === 'not-found';
}
