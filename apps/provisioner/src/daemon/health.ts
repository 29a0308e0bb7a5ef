/**
 * Whether the daemon is healthy, from what it last saw: /health answers 503 with the cause
 * when the lease could not be read, the last iteration reached no region or failed outright,
 * an iteration is stuck past its deadline, or (on a standby) the lease holder has not renewed
 * for a lease period and nobody has taken over.
 */

export type FailureCause = 'lease-unreadable' | 'no-region-reached' | 'iteration-failed' | 'deadline-exceeded';

export interface Failure {
  readonly cause: FailureCause;
  /** For operators; never carries stored values. */
  readonly detail: string;
}

export interface HealthInput {
  readonly stopping: boolean;
  /** When the running iteration started (epoch ms), if one runs. */
  readonly iterationStartedAt: number | undefined;
  /** An iteration abandoned at its deadline that has still not ended. */
  readonly abandonedStillRunning: boolean;
  readonly deadlineMs: number;
  readonly now: number;
  readonly lastFailure: Failure | undefined;
  /** On a standby: why no daemon is acting ("no active daemon for N s: …"), once the holder is silent for a lease period. */
  readonly noActiveDaemon?: string | undefined;
}

export type Health = { readonly healthy: true; readonly cause: null } | { readonly healthy: false; readonly cause: string; readonly detail: string };

export function evaluateHealth(input: HealthInput): Health {
  if (input.stopping) return { healthy: false, cause: 'stopping', detail: 'the daemon is shutting down' };
  if (input.iterationStartedAt !== undefined && input.now - input.iterationStartedAt > input.deadlineMs) {
    return { healthy: false, cause: 'stuck', detail: `the iteration has run past its ${input.deadlineMs} ms deadline` };
  }
  if (input.abandonedStillRunning) {
    return { healthy: false, cause: 'stuck', detail: 'an iteration abandoned at its deadline has still not ended' };
  }
  if (input.noActiveDaemon) return { healthy: false, cause: 'no-active-daemon', detail: input.noActiveDaemon };
  if (input.lastFailure) return { healthy: false, cause: input.lastFailure.cause, detail: input.lastFailure.detail };
  return { healthy: true, cause: null };
}
