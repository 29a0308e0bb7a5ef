/**
 * What spot interruptions the daemon observed in one pool (region, zone, instance type): the
 * interruptions and the instance-hours run there, both decaying (packages/bidding's
 * interruption-risk), from which placement's `interruption-risk` score learns the pool's rate.
 */
import { z } from 'zod';
import { IsoDateTimeSchema } from './identifiers';

export const PoolIdSchema = z.strictObject({
  region: z.string().min(1),
  availabilityZone: z.string().min(1),
  instanceType: z.string().min(1),
});
export type PoolId = z.infer<typeof PoolIdSchema>;

export const PoolRiskSchema = PoolIdSchema.extend({
  /** Interruption warnings seen, decayed to `asOf`. */
  interruptions: z.number().min(0),
  /** Instance-hours of spot capacity run in the pool, decayed to `asOf`. */
  instanceHours: z.number().min(0),
  asOf: IsoDateTimeSchema,
  /** Every interruption ever counted here, undecayed (for operators). */
  totalInterruptions: z.int().min(0),
  lastInterruptionAt: IsoDateTimeSchema.nullable(),
}).meta({ id: 'PoolRisk' });
export type PoolRisk = z.infer<typeof PoolRiskSchema>;

/** The item key of a pool: one item per region, zone and instance type. */
export function poolRiskKey(pool: PoolId): string {
  return `${pool.region}/${pool.availabilityZone}/${pool.instanceType}`;
}
