import type { Pool } from './types';

/** The definition does not allow launching in the asked (region, zone, instance type). */
export class PoolNotInDefinitionError extends Error {
  override readonly name = 'PoolNotInDefinitionError';
  constructor(
    readonly pool: Pool,
    readonly reason: string,
  ) {
    super(`cannot build a launch specification for ${describePool(pool)}: ${reason}`);
  }
}

export function isPoolNotInDefinitionError(error: unknown): error is PoolNotInDefinitionError {
  return error instanceof PoolNotInDefinitionError;
}

export function describePool(pool: Pool): string {
  return `${pool.region}/${pool.availabilityZone ?? 'any zone'}/${pool.instanceType}`;
}
