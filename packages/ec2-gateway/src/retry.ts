/**
 * Adaptive retry on throttling: a throttled call backs off exponentially, and the region
 * remembers the pace, so the other calls to that region slow down too until EC2 accepts
 * calls again (the pace halves after every success).
 */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Attempts per call under throttling, the first included. */
  readonly maxAttempts: number;
  /** First backoff; doubles each attempt. */
  readonly baseDelayMs: number;
  /** Largest backoff or pace. */
  readonly maxDelayMs: number;
}

/** The daemon: 0.5, 1, 2, 4 s; beyond five attempts the next iteration is the better retry. */
export const DAEMON_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };
/** The API: a client is waiting, so one short retry, then 503 with Retry-After. */
export const INTERACTIVE_RETRY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1_000 };

/** Per-region pace: how long a new call waits first after recent throttling. */
export class ThrottlePace {
  private readonly paceMs = new Map<string, number>();

  constructor(private readonly policy: RetryPolicy) {}

  current(region: string): number {
    return this.paceMs.get(region) ?? 0;
  }

  /** Backoff before the next attempt of a call throttled on `attempt`; the region's pace follows it. */
  throttled(region: string, attempt: number): number {
    const backoff = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.max(backoff, this.current(region));
    this.paceMs.set(region, Math.min(this.policy.maxDelayMs, delay));
    return delay;
  }

  succeeded(region: string): void {
    const pace = this.current(region) / 2;
    if (pace < this.policy.baseDelayMs / 2) this.paceMs.delete(region);
    else this.paceMs.set(region, pace);
  }
}

/** How a gateway classifies and reports the attempts of one call (EC2's and SQS's share the loop). */
export interface ThrottledCallPolicy {
  readonly retry: RetryPolicy;
  readonly pace: ThrottlePace;
  readonly sleep: Sleep;
  isThrottling(code: string): boolean;
  /** The AWS error code of an SDK exception. */
  codeOf(err: unknown): string;
  /** The typed error a failure ends as once it is not retried any further. */
  translate(operation: string, err: unknown): Error;
  /** Every attempt: the operation, 'success' or the AWS error code, and how long it took. */
  report(operation: string, outcome: string, durationMs: number): void;
}

/**
 * Sends one call, paced by `key`'s recent throttling, retrying throttled attempts with
 * backoff; any other failure ends at once as the policy's typed error.
 */
export async function callWithThrottleRetry<T>(policy: ThrottledCallPolicy, key: string, operation: string, send: () => Promise<T>): Promise<T> {
  const pace = policy.pace.current(key);
  if (pace > 0) await policy.sleep(pace);
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    try {
      const result = await send();
      policy.report(operation, 'success', Date.now() - started);
      policy.pace.succeeded(key);
      return result;
    } catch (err) {
      const code = policy.codeOf(err);
      policy.report(operation, code, Date.now() - started);
      if (policy.isThrottling(code) && attempt < policy.retry.maxAttempts) {
        await policy.sleep(policy.pace.throttled(key, attempt));
        continue;
      }
      throw policy.translate(operation, err);
    }
  }
}
