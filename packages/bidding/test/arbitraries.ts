/** fast-check generators of placement inputs: small worlds with uneven zones, prices and filters. */
import fc from 'fast-check';
import type { InstanceTypeSpec, PlacementInput, SpotPoolPrice, UnavailablePool } from '../src';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];
const ZONE_LETTERS = ['a', 'b', 'c', 'd'];
const TYPES = ['c5.large', 'c5.xlarge', 'm5.2xlarge', 'r5.4xlarge'];
export const NOW = 1_000_000;

/** Generated inputs carry their spot prices as a plain list, so properties can read them back. */
export type ListedPlacementInput = PlacementInput & { spotPrices: readonly SpotPoolPrice[] };

/** Uniform in [min, max] by thousandths (fc.double spreads over float bit patterns, mostly tiny). */
const amount = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((n) => n / 1000);

/** Mostly `usual`, sometimes anything `other` gives: keeps most runs on the launching path. */
const mostly = <T>(usual: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constant(usual), weight: 3 }, { arbitrary: other, weight: 1 });

/** Half the prices cluster within a few percent of each other, so spread cases are common. */
const price = fc.oneof(amount(0.001, 2), fc.integer({ min: 100_000, max: 110_000 }).map((n) => n / 1_000_000));

const instanceTypes: fc.Arbitrary<InstanceTypeSpec[]> = fc
  .subarray(TYPES, { minLength: 1 })
  .chain((types) =>
    fc.tuple(
      ...types.map((instanceType) =>
        fc.record({
          instanceType: fc.constant(instanceType),
          capacity: fc.integer({ min: 1, max: 8 }),
          utility: fc.oneof(fc.constant(1), amount(0.5, 3)),
        }),
      ),
    ),
  );

interface World {
  zones: Record<string, string[]>;
  instanceTypes: InstanceTypeSpec[];
  pools: { region: string; availabilityZone: string; instanceType: string }[];
}

const world: fc.Arbitrary<World> = fc
  .record({
    zoneCounts: fc.tuple(...REGIONS.map(() => fc.integer({ min: 1, max: ZONE_LETTERS.length }))),
    instanceTypes,
  })
  .map(({ zoneCounts, instanceTypes }) => {
    const zones: Record<string, string[]> = {};
    REGIONS.forEach((region, i) => (zones[region] = ZONE_LETTERS.slice(0, zoneCounts[i]).map((l) => region + l)));
    const pools = Object.entries(zones).flatMap(([region, regionZones]) =>
      regionZones.flatMap((availabilityZone) => instanceTypes.map(({ instanceType }) => ({ region, availabilityZone, instanceType }))),
    );
    return { zones, instanceTypes, pools };
  });

/** A placement input with `change` units to place and every option left at its default. */
export const placementInputs: fc.Arbitrary<ListedPlacementInput> = world.chain(({ zones, instanceTypes, pools }) =>
  fc.record({
    instanceTypes: fc.constant(instanceTypes),
    regions: mostly(REGIONS, fc.subarray(REGIONS, { minLength: 1 })),
    availabilityZones: mostly([], fc.subarray(pools.map(({ region, availabilityZone }) => ({ region, availabilityZone })))),
    minPrice: amount(0, 0.5),
    maxPrice: amount(0, 1.5),
    canUseSpot: mostly(true, fc.boolean()),
    canUseOndemand: fc.boolean(),
    managedRegions: mostly(REGIONS, fc.subarray(REGIONS)),
    availableZones: fc.constant(zones),
    spotPrices: fc.subarray(pools).chain((priced) =>
      fc.tuple(...priced.map((pool) => price.map((p): SpotPoolPrice => ({ ...pool, price: p })))),
    ),
    onDemandPrices: fc.constant(
      REGIONS.flatMap((region) => instanceTypes.map(({ instanceType }, i) => ({ region, instanceType, price: 0.1 * (i + 1) }))),
    ),
    recentlyUnavailable: fc.subarray(pools, { maxLength: Math.min(4, pools.length) }).chain((failed) =>
      fc.tuple(...failed.map((pool) => fc.integer({ min: NOW - 10, max: NOW + 10 }).map((until): UnavailablePool => ({ ...pool, until })))),
    ),
    now: fc.constant(NOW),
    change: fc.integer({ min: -5, max: 300 }),
    options: fc.record({ seed: fc.integer() }),
  }),
);

/**
 * Inputs where most usable pools score within ~12% of each other and the change needs many
 * launches: the ground on which the spread rule is exercised.
 */
export const crowdedInputs: fc.Arbitrary<ListedPlacementInput> = world.chain(({ zones, instanceTypes, pools }) => {
  const utility = new Map(instanceTypes.map((t) => [t.instanceType, t.utility]));
  return fc.record({
    instanceTypes: fc.constant(instanceTypes),
    regions: fc.constant(REGIONS),
    availabilityZones: fc.constant([]),
    minPrice: fc.constant(0),
    maxPrice: fc.constant(1),
    managedRegions: fc.constant(REGIONS),
    availableZones: fc.constant(zones),
    spotPrices: fc.subarray(pools, { minLength: Math.min(3, pools.length) }).chain((priced) =>
      fc.tuple(
        ...priced.map((pool) =>
          fc
            .integer({ min: 100_000, max: 112_000 })
            .map((micro) => micro / 1_000_000)
            .map((score): SpotPoolPrice => ({ ...pool, price: score * (utility.get(pool.instanceType) ?? 1) })),
        ),
      ),
    ),
    recentlyUnavailable: fc.subarray(pools, { maxLength: Math.min(2, pools.length) }).map((failed) =>
      failed.map((pool): UnavailablePool => ({ ...pool, until: NOW + 1 })),
    ),
    now: fc.constant(NOW),
    change: fc.integer({ min: 80, max: 400 }),
    options: fc.record({ seed: fc.integer() }),
  });
});
