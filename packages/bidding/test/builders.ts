/** Compact builders for hand-written placement scenarios. */
import type { PlacementInput, SpotPoolPrice, OnDemandPrice, Launch } from '../src';

/** `us-east-1a` → `us-east-1`: EC2 zone names are their region plus one letter. */
export const regionOf = (zone: string): string => zone.slice(0, -1);

/** spot('us-east-1a', 'c5.large', 0.1) */
export function spot(availabilityZone: string, instanceType: string, price: number): SpotPoolPrice {
  return { region: regionOf(availabilityZone), availabilityZone, instanceType, price };
}

export function onDemand(region: string, instanceType: string, price: number): OnDemandPrice {
  return { region, instanceType, price };
}

/** One managed region (us-east-1, zones a-c), one instance type (c5.large, capacity 1, utility 1). */
export function placement(overrides: Partial<PlacementInput> = {}): PlacementInput {
  return {
    instanceTypes: [{ instanceType: 'c5.large', capacity: 1, utility: 1 }],
    regions: ['us-east-1'],
    availabilityZones: [],
    minPrice: 0,
    maxPrice: 1,
    managedRegions: ['us-east-1'],
    availableZones: { 'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    spotPrices: [],
    now: 1_000_000,
    change: 1,
    ...overrides,
  };
}

/** `zone/type` of a launch or rejection (`region/type` when the zone is unknown): the pool's name in assertions. */
export const poolOf = (pool: { region: string; availabilityZone: string | null; instanceType: string }): string =>
  `${pool.availabilityZone ?? pool.region}/${pool.instanceType}`;

export function launchesPerPool(launches: readonly Launch[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const launch of launches) counts.set(poolOf(launch), (counts.get(poolOf(launch)) ?? 0) + 1);
  return counts;
}
