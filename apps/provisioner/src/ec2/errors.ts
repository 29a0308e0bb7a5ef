/**
 * Typed EC2 errors. The adapter translates SDK exceptions into these so the logic never
 * inspects SDK error shapes.
 */

/** EC2 error codes meaning "this pool cannot take an instance right now". */
export const CAPACITY_ERROR_CODES = [
  'InsufficientInstanceCapacity',
  'SpotMaxPriceTooLow',
  'MaxSpotInstanceCountExceeded',
  'Unsupported',
] as const;
export type CapacityErrorCode = (typeof CAPACITY_ERROR_CODES)[number];

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

/**
 * How sure we are that a failed call changed nothing: 'refused' when EC2 answered with a
 * client error (it rejected the request), 'unknown' after a server error or a lost answer,
 * when a RunInstances may have launched an instance all the same.
 */
export type Ec2FailureOutcome = 'refused' | 'unknown';

/** Any other EC2 failure, with the AWS error code when there is one. */
export class Ec2Error extends Error {
  override readonly name = 'Ec2Error';
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly outcome: Ec2FailureOutcome = 'refused',
  ) {
    super(`${operation} failed (${code}): ${message}`);
  }
}

/** True when the failed call may have taken effect (server fault, timeout, dropped connection). */
export function outcomeUnknown(err: unknown): boolean {
  return err instanceof Ec2Error && err.outcome === 'unknown';
}

/** SDK v3 marks errors EC2 answered with `$fault: 'client'`; anything else may have reached EC2. */
export function failureOutcome(err: unknown): Ec2FailureOutcome {
  const fault = err && typeof err === 'object' ? (err as { $fault?: unknown }).$fault : undefined;
  return fault === 'client' ? 'refused' : 'unknown';
}

export function isCapacityError(err: unknown): err is CapacityError {
  return err instanceof CapacityError;
}

export function isEc2Error(err: unknown): err is Ec2Error {
  return err instanceof Ec2Error;
}

export function isCapacityErrorCode(code: string): code is CapacityErrorCode {
  return (CAPACITY_ERROR_CODES as readonly string[]).includes(code);
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

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
