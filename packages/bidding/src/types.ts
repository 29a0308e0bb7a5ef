/**
 * Plain-data types of the bidding package: everything in is a value, everything out is a value.
 * Prices are USD per hour; capacities are capacity units (tasks an instance runs at once).
 */
import type { Market } from '@spot-provisioner/model';

export type { Market };

/** One instance type a worker type may run on. */
export interface InstanceTypeSpec {
  instanceType: string;
  /** Tasks one instance runs at once (> 0). */
  capacity: number;
  /** Relative speed; price ÷ utility is what placement minimises (> 0). */
  utility: number;
}

/** The capacity-unit view of an instance type, used to weigh running instances. */
export type InstanceTypeCapacity = Pick<InstanceTypeSpec, 'instanceType' | 'capacity'>;

// ---------------------------------------------------------------------------------------------
// Capacity change
// ---------------------------------------------------------------------------------------------

export interface CapacityChangeInput {
  /** Capacity units of running instances. */
  runningCapacity: number;
  /** Capacity units requested but not running yet (open spot requests, submitted launches). */
  pendingCapacity: number;
  /** Pending tasks reported by the queue. */
  pendingTasks: number;
  /** Pending tasks to leave unserved, as a fraction of running capacity (0.2 = 20%). */
  scalingRatio: number;
  minCapacity: number;
  maxCapacity: number;
}

/** Which bound of [minCapacity, maxCapacity] clipped the change, if any. */
export type CapacityBound = 'min' | 'max';

export interface CapacityChange {
  /** Capacity units to add (negative = surplus; reported, never a kill order). */
  change: number;
  /** round(scalingRatio × running): the pending tasks deliberately left to queue. */
  desiredPending: number;
  /** pendingTasks − pending − desiredPending, before the min/max bounds. */
  unboundedChange: number;
  bounded: CapacityBound | null;
  /** running + pending + change. */
  totalCapacity: number;
  /** maxCapacity − running − pending, never below 0: the most a placement may add. */
  headroom: number;
}

// ---------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------

/** The price of one spot pool. */
export interface SpotPoolPrice {
  region: string;
  availabilityZone: string;
  instanceType: string;
  price: number;
}

/** The on-demand list price of an instance type in a region (the same in every zone). */
export interface OnDemandPrice {
  region: string;
  instanceType: string;
  price: number;
}

/**
 * One item of EC2 DescribeSpotPriceHistory, shaped like the AWS SDK's `SpotPrice`
 * (every field optional there, so here too). No SDK import: any structurally equal object fits.
 */
export interface SpotPriceHistoryItem {
  AvailabilityZone?: string;
  InstanceType?: string;
  ProductDescription?: string;
  SpotPrice?: string;
  Timestamp?: Date | string;
}

// ---------------------------------------------------------------------------------------------
// Placement
// ---------------------------------------------------------------------------------------------

/** A configured availability zone of a worker type (its launch spec fragments stay elsewhere). */
export interface ConfiguredZone {
  region: string;
  availabilityZone: string;
}

/** A pool that recently failed for lack of capacity; skipped while `now < until`. */
export interface UnavailablePool {
  region: string;
  availabilityZone: string;
  instanceType: string;
  /** Epoch milliseconds (same clock as `PlacementInput.now`). */
  until: number;
  /** Which market failed; omitted = both markets. */
  market?: Market;
}

/** Interruptions per instance-hour of each pool, as learned (see `InterruptionRateIndex`). */
export interface InterruptionRateLookup {
  rateOf(region: string, zone: string, instanceType: string): number;
}

/** Prices by pool, looked up without building key strings (`SpotPriceIndex` is one). */
export interface PriceLookup {
  /** The price of a pool, undefined when none is known. */
  get(region: string, zone: string, instanceType: string): number | undefined;
}

/** A source of uniform numbers in [0, 1); inject one or give a seed. */
export type RandomSource = () => number;

export interface PlacementOptions {
  /** Pools whose score is within this fraction of the cheapest available pool share the batch. */
  tolerance?: number;
  /** Highest max price (USD/h) ever submitted; a launch that would need more is refused. */
  hardCeiling?: number;
  /** Seed of the built-in random source (ignored when `random` is given). */
  seed?: number;
  random?: RandomSource;
  /** Most launches one pool takes in one plan (default: no cap). */
  maxLaunchesPerPool?: number;
  /** Instance-hours of work one interruption costs, for the `interruption-risk` score (default EXPECTED_LOST_WORK_HOURS). */
  expectedLostWorkHours?: number;
  /** How many of the weighed pools the plan lists in `considered`, best score first (default 0: none). */
  consideredPools?: number;
}

export interface PlacementInput {
  /** The worker type's instance types. */
  instanceTypes: readonly InstanceTypeSpec[];
  /** The worker type's regions. */
  regions: readonly string[];
  /** The worker type's configured zones; a region listed here uses only these zones. */
  availabilityZones: readonly ConfiguredZone[];
  /** USD/h per unit of utility; raises the submitted max price only. */
  minPrice: number;
  /** USD/h per unit of utility; pools above it are refused. */
  maxPrice: number;
  /** Default true. */
  canUseSpot?: boolean;
  /** Default false. */
  canUseOndemand?: boolean;
  /** Regions this provisioner manages. */
  managedRegions: readonly string[];
  /** Zones EC2 reports available, by region. */
  availableZones: Readonly<Record<string, readonly string[]>>;
  /**
   * One price per pool (see `highestSpotPrices`); a pool listed twice counts at its highest.
   * Planning many worker types against one list? Pass `indexSpotPrices(list)` to index it once.
   */
  spotPrices: readonly SpotPoolPrice[] | PriceLookup;
  onDemandPrices?: readonly OnDemandPrice[];
  recentlyUnavailable?: readonly UnavailablePool[];
  /** Spot pools EC2 recently recommended rebalancing away from; skipped while `now < until`. */
  rebalanceRecommended?: readonly UnavailablePool[];
  /**
   * Learned interruption rates per pool. Given, spot pools are ranked by price ÷ utility ×
   * (1 + rate × expected lost work); omitted, by price ÷ utility alone (price-only placement).
   */
  interruptionRates?: InterruptionRateLookup;
  /** Epoch milliseconds: compared with `UnavailablePool.until`. */
  now: number;
  /** Capacity units to place (the `change` of `capacityChange`); ≤ 0 plans nothing. */
  change: number;
  /**
   * Most capacity units the plan may add (the `headroom` of `capacityChange`, which keeps
   * maxCapacity). Omitted = no limit: the last launch may overshoot `change` by less than
   * one instance's capacity.
   */
  headroom?: number;
  options?: PlacementOptions;
}

/** One instance to launch. Launches in the same pool may share one frozen object. */
export interface Launch {
  readonly market: Market;
  readonly region: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly capacity: number;
  readonly utility: number;
  /** The pool's current price in its market (the on-demand list price for on-demand). */
  readonly spotPrice: number;
  /** spotPrice ÷ utility. */
  readonly pricePerUtility: number;
  /** The pool's learned interruptions per instance-hour; null when placement was price-only (or on-demand). */
  readonly interruptionRate: number | null;
  /** rate × expected lost work: the fraction the score adds to the price per utility (0 without a rate). */
  readonly riskPenalty: number;
  /** pricePerUtility × (1 + riskPenalty): what placement minimises. */
  readonly score: number;
  /** Max price to submit: max(maxPrice, minPrice) × utility (the on-demand price for on-demand). */
  readonly maxPrice: number;
}

/** The named filters of the placement chain, in the order they run. */
export type FilterName =
  | 'region-not-managed'
  | 'zone-unknown'
  | 'zone-not-configured'
  | 'zone-not-available'
  | 'recently-unavailable'
  | 'rebalance-recommended'
  | 'no-price'
  | 'above-max-price'
  | 'above-ceiling';

export interface Rejection {
  filter: FilterName;
  market: Market;
  region: string;
  /** null when the region's zones are unknown (unmanaged or not described). */
  availabilityZone: string | null;
  instanceType: string;
  /** One human sentence, ready for a log line. */
  reason: string;
}

/** A pool placement weighed (it passed every filter), with its score's parts. */
export interface ScoredPool {
  market: Market;
  region: string;
  availabilityZone: string;
  instanceType: string;
  price: number;
  pricePerUtility: number;
  interruptionRate: number | null;
  riskPenalty: number;
  score: number;
}

export interface Plan {
  launches: Launch[];
  /** The best `options.consideredPools` pools of the chosen market that passed the filters, best score first (empty unless asked). */
  considered: ScoredPool[];
  rejections: Rejection[];
  /** Capacity units of the change that no usable pool could take (0 when covered). */
  unmet: number;
  /** Sum of the launches' capacities. */
  placedCapacity: number;
  /** Market of the launches; null when nothing is launched. */
  market: Market | null;
  /** Lowest price ÷ utility among usable pools of the chosen market; null when none. */
  cheapestPricePerUtility: number | null;
}
