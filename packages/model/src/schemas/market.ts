/**
 * What the daemon saw of one region's market in its last iteration: available zones, spot
 * prices and on-demand list prices. The API previews plans from it without calling EC2.
 */
import { z } from 'zod';
import { IsoDateTimeSchema } from './identifiers';

const PriceSchema = z.number().min(0);

export const MarketSnapshotSchema = z
  .strictObject({
    region: z.string().min(1),
    recordedAt: IsoDateTimeSchema,
    /** Zones EC2 reported available. */
    zones: z.array(z.string().min(1)),
    /** USD/h by zone → instance type (the highest recent Linux/UNIX price of each pool). */
    spotPrices: z.record(z.string(), z.record(z.string(), PriceSchema)),
    /** USD/h by instance type (the same in every zone). */
    onDemandPrices: z.record(z.string(), PriceSchema),
  })
  .meta({ id: 'MarketSnapshot' });
export type MarketSnapshot = z.infer<typeof MarketSnapshotSchema>;
