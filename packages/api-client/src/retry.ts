/**
 * When a request is sent again. An API restarting or a proxy blip answers 5xx or drops the
 * connection for a moment: worth a couple of quick retries. A 4xx is the API's considered
 * answer (bad input, bad credentials, not found, too many previews): never retried. A
 * timeout is not retried either: the API was reachable and did not answer in time, and a
 * second try would double a wait that is already long.
 */

export interface RetryPolicy {
  /** Sends in all, the first included; 1 turns retries off. */
  readonly attempts: number;
  /** The first retry waits up to this long; each next one up to twice as long. */
  readonly baseDelayMs: number;
  /** No wait exceeds this. */
  readonly maxDelayMs: number;
}

/**
 * Three sends with waits of at most 0.25 s and 0.5 s: a person at a terminal or a page waits
 * under a second longer for a real failure, and a restart's blip is ridden out.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 };

/** What one send ended with. */
export type Outcome = { readonly kind: 'answered'; readonly status: number } | { readonly kind: 'network' } | { readonly kind: 'timeout' };

export function isRetryable(outcome: Outcome): boolean {
  if (outcome.kind === 'answered') return outcome.status >= 500;
  return outcome.kind === 'network';
}

/** The wait before retry number `retry` (1-based): "full jitter" backoff, so clients that failed together do not return together. */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export function validRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const problems: string[] = [];
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) problems.push(`attempts must be a whole number ≥ 1, got ${policy.attempts}`);
  if (!(policy.baseDelayMs >= 0)) problems.push(`baseDelayMs must be ≥ 0, got ${policy.baseDelayMs}`);
  if (!(policy.maxDelayMs >= policy.baseDelayMs)) problems.push(`maxDelayMs must be ≥ baseDelayMs, got ${policy.maxDelayMs}`);
  if (problems.length > 0) throw new RangeError(`invalid retry policy: ${problems.join('; ')}`);
  return policy;
}
