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

/** Any other EC2 failure, with the AWS error code when there is one. */
export class Ec2Error extends Error {
  override readonly name = 'Ec2Error';
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
  ) {
    super(`${operation} failed (${code}): ${message}`);
  }
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
