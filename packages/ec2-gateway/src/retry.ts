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
