/**
 * One planning round for one worker type: the capacity change (the demand seam), then
 * placement through packages/bidding, and the round as a decision records it. Round 0 is
 * the first plan; each later round re-plans after capacity refusals, counting what was
 * launched so far as pending.
 */
import {
  planPlacement,
  type InterruptionRateLookup,
  type Launch,
  type ScoredPool,
  type OnDemandPrice,
  type Plan,
  type SpotPoolPrice,
  type SpotPriceIndex,
  type UnavailablePool,
} from '@spot-provisioner/bidding';
import type { ConsideredPool, PlannedLaunch, PlanRound, WorkerTypeDefinition } from '@spot-provisioner/model';
import { MAX_CAPACITY } from '@spot-provisioner/model/limits';
import { demandChange, type CapacityInputs, type Demand, type DemandContext } from './demand';
import { groupRejections } from './rejections';

/** Prices and zones placement may use: gathered by the daemon, or recorded for a preview. */
export interface MarketView {
  /** Regions placement may launch in this time. */
  managedRegions: readonly string[];
  /** Zones EC2 reports available, by region; a region absent here has unknown zones. */
  availableZones: Readonly<Record<string, readonly string[]>>;
  /** An index built once per iteration serves every plan; a plain list is indexed per call. */
  spotPrices: readonly SpotPoolPrice[] | SpotPriceIndex;
  onDemandPrices: readonly OnDemandPrice[];
}

/** Weighed pools a round lists, best score first: as many as a decision's lists keep (MAX_DECISION_LIST). */
export const WEIGHED_POOLS_LISTED = 100;

export interface WorkerTypePlanInput {
  definition: WorkerTypeDefinition;
  capacity: CapacityInputs;
  pendingTasks: number;
  market: MarketView;
  recentlyUnavailable: readonly UnavailablePool[];
  /** Spot pools EC2 recently recommended rebalancing away from (the daemon's, from its interruption queue). */
  rebalanceRecommended?: readonly UnavailablePool[];
  /** Learned interruption rates per pool: spot pools are ranked by price ÷ utility × (1 + rate × lost work). Absent: price only. */
  interruptionRates?: InterruptionRateLookup;
  /** Epoch milliseconds. */
  now: number;
  /** What the daemon remembers of this worker type for its demand policy (absent in a preview). */
  demand?: DemandContext;
}

export interface RoundPlan {
  demand: Demand;
  /** bidding's plan: the launches to execute, one per instance. */
  placement: Plan;
  /** The round as the decision records it. */
  record: PlanRound;
}

export function planRound(input: WorkerTypePlanInput, round: number, alreadyLaunched = 0): RoundPlan {
  const { definition } = input;
  const demand = demandChange({
    definition,
    capacity: input.capacity,
    pendingTasks: input.pendingTasks,
    alreadyLaunched,
    now: input.now,
    ...(input.demand ? { context: input.demand } : {}),
  });
  const placement = planPlacement({
    instanceTypes: definition.instanceTypes.map(({ instanceType, capacity, utility }) => ({ instanceType, capacity, utility })),
    regions: definition.regions.map(({ region }) => region),
    availabilityZones: definition.availabilityZones.map(({ region, availabilityZone }) => ({ region, availabilityZone })),
    minPrice: definition.minPrice,
    maxPrice: definition.maxPrice,
    canUseSpot: definition.canUseSpot ?? true,
    canUseOndemand: definition.canUseOndemand ?? false,
    managedRegions: input.market.managedRegions,
    availableZones: input.market.availableZones,
    spotPrices: input.market.spotPrices,
    onDemandPrices: input.market.onDemandPrices,
    recentlyUnavailable: input.recentlyUnavailable,
    ...(input.rebalanceRecommended ? { rebalanceRecommended: input.rebalanceRecommended } : {}),
    ...(input.interruptionRates ? { interruptionRates: input.interruptionRates } : {}),
    now: input.now,
    // a definition stored before MAX_CAPACITY may ask for more: one plan places at most that much
    change: Math.min(demand.change.change, MAX_CAPACITY),
    headroom: demand.change.headroom,
    // the same seed within a second: a preview made alongside an iteration places alike
    options: { seed: Math.floor(input.now / 1000) % 2_147_483_647, consideredPools: WEIGHED_POOLS_LISTED },
  });
  return {
    demand,
    placement,
    record: {
      round,
      launches: plannedLaunches(placement.launches),
      placedCapacity: placement.placedCapacity,
      unmet: placement.unmet,
      rejected: groupRejections(placement.rejections),
      pools: consideredPools(placement.considered, placement.launches),
    },
  };
}

/** Every pool placement weighed, best score first, with how many instances the round puts there. */
export function consideredPools(considered: readonly ScoredPool[], launches: readonly Launch[]): ConsideredPool[] {
  const launched = new Map<string, number>();
  const key = (p: { market: string; region: string; availabilityZone: string; instanceType: string }) =>
    [p.market, p.region, p.availabilityZone, p.instanceType].join('\u0000');
  for (const launch of launches) launched.set(key(launch), (launched.get(key(launch)) ?? 0) + 1);
  // bidding lists them best score first
  return considered.map((pool) => ({
    market: pool.market,
    region: pool.region,
    availabilityZone: pool.availabilityZone,
    instanceType: pool.instanceType,
    price: pool.price,
    pricePerUtility: pool.pricePerUtility,
    interruptionRate: pool.interruptionRate,
    riskPenalty: pool.riskPenalty,
    score: pool.score,
    launches: launched.get(key(pool)) ?? 0,
  }));
}

/** bidding returns one launch per instance; a decision lists each pool once with a count. */
export function plannedLaunches(launches: readonly Launch[]): PlannedLaunch[] {
  const byPool = new Map<string, PlannedLaunch>();
  for (const launch of launches) {
    const key = [launch.market, launch.region, launch.availabilityZone, launch.instanceType, launch.maxPrice].join('\u0000');
    const known = byPool.get(key);
    if (known) {
      known.count += 1;
      continue;
    }
    byPool.set(key, {
      market: launch.market,
      region: launch.region,
      availabilityZone: launch.availabilityZone,
      instanceType: launch.instanceType,
      capacity: launch.capacity,
      utility: launch.utility,
      price: launch.spotPrice,
      pricePerUtility: launch.pricePerUtility,
      maxPrice: launch.maxPrice,
      count: 1,
      interruptionRate: launch.interruptionRate,
      riskPenalty: launch.riskPenalty,
    });
  }
  return [...byPool.values()];
}
