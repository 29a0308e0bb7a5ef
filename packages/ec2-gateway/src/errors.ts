/**
 * Typed EC2 errors. The gateway translates SDK exceptions into these, so callers never
 * inspect SDK error shapes: a pool without capacity, throttling, a refusal (EC2 answered
 * no: nothing changed) and an unknown outcome (no answer: the call may have taken effect).
 */

/** EC2 error codes meaning "this pool cannot take an instance right now". */
export const CAPACITY_ERROR_CODES = [
  'InsufficientInstanceCapacity',
  'SpotMaxPriceTooLow',
  'MaxSpotInstanceCountExceeded',
  'Unsupported',
] as const;
export type CapacityErrorCode = (typeof CAPACITY_ERROR_CODES)[number];

/** EC2's throttling answers. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);

/** What a caller with a client waiting (the API) tells it: come back after this long. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * How sure we are that a failed call changed nothing: 'refused' when EC2 answered with a
 * client error (it rejected the request), 'unknown' after a server error, a timeout or a
 * lost answer, when a RunInstances may have launched an instance all the same.
 */
export type Ec2FailureOutcome = 'refused' | 'unknown';

/** A pool (region, zone, instance type, market) refused a launch for lack of capacity or price. */
export class CapacityError extends Error {
  override readonly name = 'CapacityError';
  constructor(
    readonly code: CapacityErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Any other EC2 failure, with the AWS error code when there is one. */
export class Ec2Error extends Error {
  override readonly name: string = 'Ec2Error';
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly outcome: Ec2FailureOutcome = 'refused',
  ) {
    super(`${operation} failed (${code}): ${message}`);
  }
}

/**
 * EC2 did not serve the call now: throttled after every retry, or no answer in time (or a
 * server fault). `kind: 'unavailable'` and `retryAfterSeconds` let an HTTP error handler
 * answer 503 with Retry-After without knowing EC2.
 */
export class Ec2UnavailableError extends Ec2Error {
  override readonly name: string = 'Ec2UnavailableError';
  readonly kind = 'unavailable' as const;
  readonly retryAfterSeconds = UNAVAILABLE_RETRY_AFTER_SECONDS;
}

/** Throttled on every attempt: EC2 refused, so nothing changed. */
export class Ec2ThrottledError extends Ec2UnavailableError {
  override readonly name = 'Ec2ThrottledError';
  constructor(operation: string, code: string, message: string) {
    super(operation, code, message, 'refused');
  }
}

export function isCapacityError(err: unknown): err is CapacityError {
  return err instanceof CapacityError;
}

export function isEc2Error(err: unknown): err is Ec2Error {
  return err instanceof Ec2Error;
}

export function isEc2Unavailable(err: unknown): err is Ec2UnavailableError {
  return err instanceof Ec2UnavailableError;
}

export function isEc2Throttled(err: unknown): err is Ec2ThrottledError {
  return err instanceof Ec2ThrottledError;
}

/** True when the failed call may have taken effect (server fault, timeout, dropped connection). */
export function outcomeUnknown(err: unknown): boolean {
  return err instanceof Ec2Error && err.outcome === 'unknown';
}

export function isCapacityErrorCode(code: string): code is CapacityErrorCode {
  return (CAPACITY_ERROR_CODES as readonly string[]).includes(code);
}

/** SDK v3 marks errors EC2 answered with `$fault: 'client'`; anything else may have reached EC2. */
export function failureOutcome(err: unknown): Ec2FailureOutcome {
  const fault = err && typeof err === 'object' ? (err as { $fault?: unknown }).$fault : undefined;
  return fault === 'client' ? 'refused' : 'unknown';
}

/** The AWS error code of an SDK exception ('name' in SDK v3), or 'Unknown'. */
export function awsErrorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const named = err as { name?: unknown; Code?: unknown };
    if (typeof named.Code === 'string' && named.Code) return named.Code;
    if (typeof named.name === 'string' && named.name && named.name !== 'Error') return named.name;
  }
  return 'Unknown';
}

/** The typed error for an SDK failure that is not retried any further. */
export function translateEc2Failure(operation: string, err: unknown): Error {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (isCapacityErrorCode(code)) return new CapacityError(code, message);
  if (THROTTLING_CODES.has(code)) return new Ec2ThrottledError(operation, code, message);
  const outcome = failureOutcome(err);
  return outcome === 'unknown' ? new Ec2UnavailableError(operation, code, message, 'unknown') : new Ec2Error(operation, code, message, 'refused');
}
