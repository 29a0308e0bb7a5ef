/**
 * The 100wt-5r-20t-6z-1000u scenario: 100 worker types, each priced in 5 regions × 20 instance
 * types × 6 zones (600 pools) and needing 1000 capacity units. Prices are synthesized from a
 * fixed seed (five-regions has only 16 types and uneven zones), so every run plans the same.
 */
import { seededRandom, type InstanceTypeSpec, type PlacementInput, type SpotPoolPrice } from '../src';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-central-1'];
const ZONE_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];
const FAMILIES = ['c5', 'c6i', 'm5', 'm6i', 'r5'];
/** Size → [capacity, on-demand USD/h of a c5 of that size]: capacity grows with size like CI fleets do. */
const SIZES: readonly [string, number, number][] = [
  ['large', 1, 0.085],
  ['xlarge', 1, 0.17],
  ['2xlarge', 2, 0.34],
  ['4xlarge', 4, 0.68],
];
const FLEET_SEED = 20261122;
/** Spot sells at 25-75% off on-demand, the range the five-regions sample was drawn from. */
const DISCOUNT_MIN = 0.25;
const DISCOUNT_SPAN = 0.5;

export const SCENARIO = '100wt-5r-20t-6z-1000u';
export const WORKER_TYPES = 100;
export const UNITS_PER_WORKER_TYPE = 1000;

export interface SyntheticFleet {
  /** One price per pool: 5 regions × 6 zones × 20 types. */
  spotPrices: SpotPoolPrice[];
  /** One placement input per worker type, each over `spotPrices`. */
  workerTypes: PlacementInput[];
}

export function syntheticFleet(): SyntheticFleet {
  const random = seededRandom(FLEET_SEED);
  const types = FAMILIES.flatMap((family, f) =>
    SIZES.map(([size, capacity, onDemand]) => ({ instanceType: `${family}.${size}`, capacity, onDemand: onDemand * (1 + 0.1 * f) })),
  );
  const availableZones = Object.fromEntries(REGIONS.map((region) => [region, ZONE_LETTERS.map((l) => region + l)]));
  const spotPrices: SpotPoolPrice[] = REGIONS.flatMap((region) =>
    ZONE_LETTERS.flatMap((letter) =>
      types.map(({ instanceType, onDemand }) => ({
        region,
        availabilityZone: region + letter,
        instanceType,
        price: Number((onDemand * (1 - DISCOUNT_MIN - DISCOUNT_SPAN * random())).toFixed(6)),
      })),
    ),
  );

  const workerTypes = Array.from({ length: WORKER_TYPES }, (_, w): PlacementInput => {
    // Each worker type values the types differently: utility ≈ size, ±20% per worker type.
    const instanceTypes: InstanceTypeSpec[] = types.map(({ instanceType, capacity }) => ({
      instanceType,
      capacity,
      utility: Number((capacity * (0.8 + 0.4 * random())).toFixed(3)),
    }));
    return {
      instanceTypes,
      regions: REGIONS,
      availabilityZones: [],
      minPrice: 0,
      maxPrice: 1,
      canUseSpot: true,
      canUseOndemand: false,
      managedRegions: REGIONS,
      availableZones,
      spotPrices,
      recentlyUnavailable: [],
      now: 0,
      change: UNITS_PER_WORKER_TYPE,
      options: { seed: w },
    };
  });
  return { spotPrices, workerTypes };
}
