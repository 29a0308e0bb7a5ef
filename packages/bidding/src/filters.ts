/**
 * The placement filter chain. Each filter is small and named; the first one that refuses a
 * candidate pool explains why, so every rejected pool can become one log line.
 */
import { poolKey, type Candidate, type UsablePool } from './pools';
import type { FilterName, Market, PlacementInput, Rejection, UnavailablePool } from './types';

export interface FilterContext {
  managedRegions: ReadonlySet<string>;
  /** Configured zones by region; a region absent here uses every available zone. */
  configuredZones: ReadonlyMap<string, ReadonlySet<string>>;
  availableZones: ReadonlyMap<string, ReadonlySet<string>>;
  /** poolKey of pools that failed for lack of capacity and are still cooling down. */
  unavailablePools: ReadonlySet<string>;
  /** poolKey of spot pools EC2 recently recommended rebalancing away from. */
  rebalancePools: ReadonlySet<string>;
  maxPrice: number;
  hardCeiling: number;
}

export interface PoolFilter {
  name: FilterName;
  /** A reason when the pool is refused, null when it passes. */
  refuse(pool: Candidate, context: FilterContext): string | null;
}

const usd = (value: number): string => `${Number(value.toPrecision(6))} USD/h`;

const regionNotManaged: PoolFilter = {
  name: 'region-not-managed',
  refuse: (pool, c) => (c.managedRegions.has(pool.region) ? null : `region ${pool.region} is not managed by this provisioner`),
};

const zoneUnknown: PoolFilter = {
  name: 'zone-unknown',
  refuse: (pool) => (pool.availabilityZone === null ? `no availability zone is known in ${pool.region}` : null),
};

const zoneNotConfigured: PoolFilter = {
  name: 'zone-not-configured',
  refuse: (pool, c) => {
    const configured = c.configuredZones.get(pool.region);
    if (configured === undefined || configured.has(pool.availabilityZone ?? '')) return null;
    return `zone ${pool.availabilityZone} is not among the worker type's zones in ${pool.region}`;
  },
};

const zoneNotAvailable: PoolFilter = {
  name: 'zone-not-available',
  refuse: (pool, c) =>
    c.availableZones.get(pool.region)?.has(pool.availabilityZone ?? '')
      ? null
      : `zone ${pool.availabilityZone} is configured but EC2 does not report it available`,
};

const recentlyUnavailable: PoolFilter = {
  name: 'recently-unavailable',
  refuse: (pool, c) =>
    c.unavailablePools.size > 0 &&
    c.unavailablePools.has(poolKey(pool.market, pool.region, pool.availabilityZone ?? '', pool.instanceType))
      ? `pool recently failed for lack of ${pool.market} capacity`
      : null,
};

const rebalanceRecommended: PoolFilter = {
  name: 'rebalance-recommended',
  refuse: (pool, c) =>
    c.rebalancePools.size > 0 && c.rebalancePools.has(poolKey(pool.market, pool.region, pool.availabilityZone ?? '', pool.instanceType))
      ? 'EC2 recently recommended rebalancing away from this spot pool (an elevated risk of interruption)'
      : null,
};

const noPrice: PoolFilter = {
  name: 'no-price',
  refuse: (pool) => (pool.price === undefined ? `no ${pool.market} price is known for the pool` : null),
};

const aboveMaxPrice: PoolFilter = {
  name: 'above-max-price',
  refuse: (pool, c) => {
    return pool.pricePerUtility > c.maxPrice
      ? `price per utility ${usd(pool.pricePerUtility)} is above the worker type's maxPrice ${usd(c.maxPrice)}`
      : null;
  },
};

const aboveCeiling: PoolFilter = {
  name: 'above-ceiling',
  refuse: (pool, c) => {
    return pool.maxPrice > c.hardCeiling
      ? `price to submit ${usd(pool.maxPrice)} is above the hard ceiling ${usd(c.hardCeiling)}`
      : null;
  },
};

/** In order: cheap structural checks first, then availability, then prices. */
export const PLACEMENT_FILTERS: readonly PoolFilter[] = [
  regionNotManaged,
  zoneUnknown,
  zoneNotConfigured,
  zoneNotAvailable,
  recentlyUnavailable,
  rebalanceRecommended,
  noPrice,
  aboveMaxPrice,
  aboveCeiling,
];

/** The filter names in the order they run, for logs and metrics. */
export const PLACEMENT_FILTER_ORDER: readonly FilterName[] = PLACEMENT_FILTERS.map((filter) => filter.name);

export interface FilterOutcome {
  usable: UsablePool[];
  rejections: Rejection[];
}

/** Runs every candidate through the chain; usable pools carry their score and submitted price. */
export function applyFilters(candidates: readonly Candidate[], context: FilterContext): FilterOutcome {
  const usable: UsablePool[] = [];
  const rejections: Rejection[] = [];
  for (const pool of candidates) {
    const refusal = firstRefusal(pool, context);
    if (refusal !== null) {
      rejections.push(refusal);
      continue;
    }
    usable.push(pool as UsablePool); // every filter passed: it has a zone and a price
  }
  return { usable, rejections };
}

function firstRefusal(pool: Candidate, context: FilterContext): Rejection | null {
  for (const filter of PLACEMENT_FILTERS) {
    const reason = filter.refuse(pool, context);
    if (reason !== null) {
      const { market, region, availabilityZone, instanceType } = pool;
      return { filter: filter.name, market, region, availabilityZone, instanceType, reason };
    }
  }
  return null;
}

/** The filter context of one placement input. */
export function filterContext(input: PlacementInput, hardCeiling: number): FilterContext {
  const configuredZones = new Map<string, Set<string>>();
  for (const { region, availabilityZone } of input.availabilityZones) {
    let zones = configuredZones.get(region);
    if (zones === undefined) configuredZones.set(region, (zones = new Set()));
    zones.add(availabilityZone);
  }
  const availableZones = new Map<string, Set<string>>();
  for (const [region, zones] of Object.entries(input.availableZones)) availableZones.set(region, new Set(zones));
  return {
    managedRegions: new Set(input.managedRegions),
    configuredZones,
    availableZones,
    unavailablePools: unavailablePoolKeys(input.recentlyUnavailable ?? [], input.now),
    rebalancePools: unavailablePoolKeys((input.rebalanceRecommended ?? []).map((pool) => ({ ...pool, market: 'spot' as const })), input.now),
    maxPrice: input.maxPrice,
    hardCeiling,
  };
}

const BOTH_MARKETS: readonly Market[] = ['spot', 'on-demand'];

function unavailablePoolKeys(pools: readonly UnavailablePool[], now: number): Set<string> {
  const keys = new Set<string>();
  for (const pool of pools) {
    if (now >= pool.until) continue;
    for (const market of pool.market === undefined ? BOTH_MARKETS : [pool.market]) {
      keys.add(poolKey(market, pool.region, pool.availabilityZone, pool.instanceType));
    }
  }
  return keys;
}
