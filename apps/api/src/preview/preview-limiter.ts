/**
 * Plan previews a client may have running at once. One client sending many previews at the
 * limits would otherwise fill the preview thread's queue for everyone; beyond its share it
 * gets 429 with Retry-After, before its body is validated.
 */
import { ApiError } from '../errors';

/** A console and a CLI of one operator at once; more from one client is a script to slow down. */
export const MAX_CONCURRENT_PREVIEWS_PER_CLIENT = 2;
/** A preview at the limits takes well under a second. */
export const PREVIEW_RETRY_AFTER_SECONDS = 1;

export class TooManyRequestsError extends ApiError {
  override readonly name = 'TooManyRequestsError';
  readonly statusCode = 429;
  readonly code = 'TooManyRequests';
  override readonly headers = { 'retry-after': String(PREVIEW_RETRY_AFTER_SECONDS) };
}

export class PreviewLimiter {
  private readonly running = new Map<string, number>();

  /** Takes a slot for the client; throws TooManyRequestsError when it has none left. */
  acquire(clientId: string): void {
    this.refuseIfFull(clientId);
    this.running.set(clientId, (this.running.get(clientId) ?? 0) + 1);
  }

  /**
   * Throws TooManyRequestsError if the client has no slot left, taking none. Safe on a clientId
   * not yet authenticated: it only refuses early what acquire would refuse after authentication.
   */
  refuseIfFull(clientId: string): void {
    if ((this.running.get(clientId) ?? 0) < MAX_CONCURRENT_PREVIEWS_PER_CLIENT) return;
    throw new TooManyRequestsError(
      `client ${clientId} has ${MAX_CONCURRENT_PREVIEWS_PER_CLIENT} plan previews running (MAX_CONCURRENT_PREVIEWS_PER_CLIENT); retry after ${PREVIEW_RETRY_AFTER_SECONDS} s`,
    );
  }

  release(clientId: string): void {
    const count = (this.running.get(clientId) ?? 1) - 1;
    if (count <= 0) this.running.delete(clientId);
    else this.running.set(clientId, count);
  }
}
