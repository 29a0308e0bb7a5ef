/**
 * Where to launch: candidate pools → named filters → allocation. Spot first; on-demand only
 * when the worker type allows it and no spot pool is usable.
 */
import { allocate } from './allocation';
import { bestPools } from './considered';
import { applyFilters, filterContext, type FilterOutcome } from './filters';
import { candidatePools } from './pools';
import { onDemandPriceLookup, spotPriceLookup } from './price-index';
import { seededRandom } from './random';
import { scoreContext, scorePools } from './scores';
import type { Market, Plan, PlacementInput, Rejection } from './types';
import { validatePlacementInput } from './placement-validation';

/** Prices within 5% are noise between pools; spreading over them costs little and saves a batch from one pool's outage. */
export const DEFAULT_TOLERANCE = 0.05;
/** The classic AWS Provisioner sanity limit: no single instance is worth more than 10 USD/h to a CI fleet. */
export const DEFAULT_HARD_CEILING = 10;
/** Any fixed seed keeps plans reproducible when the caller gives none. */
export const DEFAULT_SEED = 1;
/** No per-pool cap by default: EC2 shortages come back through `recentlyUnavailable`. */
export const DEFAULT_MAX_LAUNCHES_PER_POOL = Number.POSITIVE_INFINITY;
/** Spot is the point of this provisioner, so a worker type uses it unless it says otherwise. */
export const DEFAULT_CAN_USE_SPOT = true;
/**
 * No pools listed unless asked: a listed pool outlives its plan, and a fleet of hundreds of
 * worker types would keep tens of thousands alive (the planner asks for the decision's 100).
 */
export const DEFAULT_CONSIDERED_POOLS = 0;
/** On-demand costs 2-4× spot: a worker type opts in explicitly. */
export const DEFAULT_CAN_USE_ONDEMAND = false;

export function planPlacement(input: PlacementInput): Plan {
  validatePlacementInput(input);
  const options = input.options ?? {};
  const context = filterContext(input, options.hardCeiling ?? DEFAULT_HARD_CEILING);
  let rejections: Rejection[] = [];

  let chosen: { market: Market; outcome: FilterOutcome } | null = null;
  if (input.canUseSpot ?? DEFAULT_CAN_USE_SPOT) {
    const outcome = applyFilters(candidatePools(input, 'spot', spotPriceLookup(input.spotPrices)), context);
    rejections = rejections.concat(outcome.rejections);
    if (outcome.usable.length > 0) chosen = { market: 'spot', outcome };
  }
  if (chosen === null && (input.canUseOndemand ?? DEFAULT_CAN_USE_ONDEMAND)) {
    const prices = onDemandPriceLookup(input.onDemandPrices ?? []);
    const outcome = applyFilters(candidatePools(input, 'on-demand', prices), context);
    rejections = rejections.concat(outcome.rejections);
    if (outcome.usable.length > 0) chosen = { market: 'on-demand', outcome };
  }

  const change = Math.max(0, input.change);
  if (chosen === null) {
    return { launches: [], considered: [], rejections, unmet: change, placedCapacity: 0, market: null, cheapestPricePerUtility: null };
  }
  scorePools(chosen.outcome.usable, scoreContext(input.interruptionRates, options.expectedLostWorkHours));
  const { launches, placedCapacity } = allocate({
    pools: chosen.outcome.usable,
    change,
    limit: input.headroom ?? Number.POSITIVE_INFINITY,
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    maxLaunchesPerPool: options.maxLaunchesPerPool ?? DEFAULT_MAX_LAUNCHES_PER_POOL,
    random: options.random ?? seededRandom(options.seed ?? DEFAULT_SEED),
  });
  return {
    launches,
    considered: bestPools(chosen.outcome.usable, options.consideredPools ?? DEFAULT_CONSIDERED_POOLS),
    rejections,
    unmet: Math.max(0, change - placedCapacity),
    placedCapacity,
    market: launches.length > 0 ? chosen.market : null,
    cheapestPricePerUtility: lowestScore(chosen.outcome.usable),
  };
}

function lowestScore(pools: readonly { pricePerUtility: number }[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const pool of pools) lowest = Math.min(lowest, pool.pricePerUtility);
  return lowest;
}
