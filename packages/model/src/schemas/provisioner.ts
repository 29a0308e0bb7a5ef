import { z } from 'zod';
import { IsoDateTimeSchema } from './identifiers';

/** The daemon lease: at most one holder acts at a time. */
export const LeaseSchema = z.strictObject({
  holderId: z.string().min(1),
  acquiredAt: IsoDateTimeSchema,
  renewedAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
});
export type Lease = z.infer<typeof LeaseSchema>;

/** What the last iteration did; backendStatus reads it. */
export const HeartbeatSchema = z.strictObject({
  holderId: z.string().min(1).optional(),
  startedAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema,
  durationMs: z.int().min(0),
  launches: z.int().min(0),
  errors: z.int().min(0),
  terminations: z.int().min(0),
  ok: z.boolean(),
  /** The daemon's longest wait between two scheduled iterations, so readers can judge staleness. */
  iterationPeriodMs: z.int().min(1).optional(),
  /** How many regions the iteration tried to describe (absent in heartbeats of older daemons). */
  regions: z.int().min(0).optional(),
  /** The regions it could not describe: when they are all of `regions`, the iteration reached none. */
  failedRegions: z.array(z.string().min(1)).optional(),
  /** Why the iteration did not complete, when it did not (e.g. abandoned at its deadline). */
  failure: z.string().max(500).optional(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
