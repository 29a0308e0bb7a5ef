/**
 * Bidding benchmarks, one JSON line each:
 * - bidding.plan: planning time for a large synthetic fleet (target: median ≤ 40 ms);
 * - bidding.cost: what ci-linux-large pays on five-regions prices vs the cheapest pool (target ≤ 1.05).
 */
import { performance } from 'node:perf_hooks';
import { indexSpotPrices, InterruptionRateIndex, planPlacement, type Plan, type PlacementOptions } from '../src';
import { fiveRegions, placementInput, workerType } from '../test/fixtures';
import { SCENARIO, syntheticFleet, UNITS_PER_WORKER_TYPE, WORKER_TYPES } from './synthetic-fleet';

type Print = (result: Record<string, unknown>) => void;

/** Enough runs to let the JIT settle before timing. */
const WARM_UP_RUNS = 10;
/** An odd count gives a true median; 21 keeps the bench under a few seconds. */
const TIMED_RUNS = 21;
/** The cost scenario: ci-linux-large needing 200 capacity units. */
const COST_UNITS = 200;
/** Weighed pools listed per plan, as the planner asks for a decision. */
const LISTED_POOLS = 100;
/** A cap that splits the 100-launch cost batch over at least 5 pools. */
const CAPPED_LAUNCHES_PER_POOL = 20;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/**
 * bidding.plan, and with `withRates` the same fleet as the daemon with an interruption queue
 * plans it (through packages/planner): a learned rate for every pool (one in three clearly
 * interrupted), the interruption-risk score over every usable pool, the best 100 listed.
 */
function benchPlan(print: Print, withRates = false): void {
  const fleet = syntheticFleet();
  const interruptionRates = withRates
    ? new InterruptionRateIndex(fleet.spotPrices.map((p, i) => ({ region: p.region, availabilityZone: p.availabilityZone, instanceType: p.instanceType, rate: i % 3 === 0 ? 0.2 : 0.002 })))
    : undefined;
  // Each run indexes the fleet's price list once, as a daemon iteration would, then plans every worker type.
  const planAll = (): Plan[] => {
    const spotPrices = indexSpotPrices(fleet.spotPrices);
    return fleet.workerTypes.map((input) =>
      planPlacement({ ...input, spotPrices, ...(interruptionRates ? { interruptionRates, options: { ...input.options, consideredPools: LISTED_POOLS } } : {}) }),
    );
  };
  for (let i = 0; i < WARM_UP_RUNS; i++) planAll();
  const timings: number[] = [];
  let plans: Plan[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now();
    plans = planAll();
    timings.push(performance.now() - start);
  }
  const launches = plans.reduce((sum, plan) => sum + plan.launches.length, 0);
  const unmet = plans.reduce((sum, plan) => sum + plan.unmet, 0);
  print({
    bench: withRates ? 'bidding.plan-learned-listed' : 'bidding.plan',
    scenario: SCENARIO,
    medianMs: round(median(timings), 2),
    minMs: round(Math.min(...timings), 2),
    maxMs: round(Math.max(...timings), 2),
    runs: TIMED_RUNS,
    workerTypes: WORKER_TYPES,
    poolsPerWorkerType: fleet.spotPrices.length,
    unitsPerWorkerType: UNITS_PER_WORKER_TYPE,
    launches,
    unmet,
  });
}

function benchCost(print: Print, scenario: string, options: PlacementOptions = {}): void {
  const plan = planPlacement(placementInput(workerType('ci-linux-large'), fiveRegions(), COST_UNITS, { options }));
  const cheapest = plan.cheapestPricePerUtility;
  if (cheapest === null || plan.launches.length === 0) throw new Error('bidding.cost: the five-regions scenario planned no launch');
  const meanPerUtility = plan.launches.reduce((sum, launch) => sum + launch.pricePerUtility, 0) / plan.launches.length;
  const pools = new Set(plan.launches.map((l) => `${l.availabilityZone}/${l.instanceType}`));
  print({
    bench: 'bidding.cost',
    scenario,
    costRatio: round(meanPerUtility / cheapest, 4),
    pools: pools.size,
    launches: plan.launches.length,
    placedCapacity: plan.placedCapacity,
    cheapestPricePerUtility: round(cheapest, 6),
    meanPricePerUtility: round(meanPerUtility, 6),
  });
}

export async function run(print: Print): Promise<void> {
  benchPlan(print);
  benchPlan(print, true);
  benchCost(print, 'five-regions');
  // Informational: the price of forcing a spread when only one pool is within the tolerance.
  benchCost(print, `five-regions-max${CAPPED_LAUNCHES_PER_POOL}-per-pool`, { maxLaunchesPerPool: CAPPED_LAUNCHES_PER_POOL });
}
