import { z } from 'zod';
import { IsoDateTimeSchema, WorkerTypeNameSchema } from './identifiers';

/** The two ways to buy an instance: the one definition (packages/bidding places in them). */
export const MARKETS = ['spot', 'on-demand'] as const;
export const MarketSchema = z.enum(MARKETS);
export type Market = z.infer<typeof MarketSchema>;

/** What the daemon passes when it records a submitted launch. */
export const NewLaunchSchema = z.strictObject({
  workerType: WorkerTypeNameSchema,
  launchId: z.string().min(1).max(128).describe('Unique per launch; the securityToken is a good choice'),
  region: z.string().min(1),
  zone: z.string().min(1),
  instanceType: z.string().min(1),
  capacity: z.int().min(0),
  market: MarketSchema,
  clientToken: z.string().min(1).max(64).describe('EC2 idempotency token of the RunInstances call'),
  instanceIds: z.array(z.string().min(1)).optional(),
  spotRequestIds: z.array(z.string().min(1)).optional(),
});
export type NewLaunch = z.infer<typeof NewLaunchSchema>;

/** A stored launch: submitted to EC2, not yet visible in its describe calls. */
export const LaunchRecordSchema = NewLaunchSchema.extend({
  submittedAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
});
export type LaunchRecord = z.infer<typeof LaunchRecordSchema>;
