/**
 * Fills a change from usable pools: cheapest score first, rotating across every pool within
 * the tolerance of the cheapest still-available pool so a batch spreads over zones and types.
 * Usually linear: only the first window is sorted; the rest is sorted once, if a pool drops out.
 */
import type { UsablePool } from './pools';
import { shuffleInPlace } from './random';
import type { Launch, RandomSource } from './types';

export interface AllocationRequest {
  /** Usable pools, any order. */
  pools: readonly UsablePool[];
  change: number;
  /** Most capacity units to add. */
  limit: number;
  tolerance: number;
  maxLaunchesPerPool: number;
  random: RandomSource;
}

export interface Allocation {
  launches: Launch[];
  placedCapacity: number;
}

/** Ties in score are broken by pool name so the order never depends on input order. */
export function byScoreThenName(a: UsablePool, b: UsablePool): number {
  return (
    a.score - b.score ||
    compare(a.region, b.region) ||
    compare(a.availabilityZone, b.availabilityZone) ||
    compare(a.instanceType, b.instanceType)
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Launches from one pool are equal values: one frozen object per pool, shared by reference. */
function toLaunch(pool: UsablePool): Launch {
  return Object.freeze({
    market: pool.market,
    region: pool.region,
    availabilityZone: pool.availabilityZone,
    instanceType: pool.instanceType,
    capacity: pool.capacity,
    utility: pool.utility,
    spotPrice: pool.price,
    pricePerUtility: pool.pricePerUtility,
    interruptionRate: pool.interruptionRate,
    riskPenalty: pool.riskPenalty,
    score: pool.score,
    maxPrice: pool.maxPrice,
  });
}

/**
 * Pools in score order, sorted lazily: first those within the tolerance of the cheapest
 * (all a batch usually needs), then, on demand, every other pool (all dearer, so appending
 * keeps the order and the indices already handed out).
 */
class ScoreOrder {
  readonly sorted: UsablePool[];
  private rest: UsablePool[] | null;
  /** Every pool not yet sorted scores above this. */
  private readonly cut: number;

  constructor(pools: readonly UsablePool[], tolerance: number) {
    let lowest = Number.POSITIVE_INFINITY;
    for (const pool of pools) lowest = Math.min(lowest, pool.score);
    this.cut = lowest * (1 + tolerance);
    this.sorted = [];
    const rest: UsablePool[] = [];
    for (const pool of pools) (pool.score <= this.cut ? this.sorted : rest).push(pool);
    this.sorted.sort(byScoreThenName);
    this.rest = rest.length > 0 ? rest : null;
  }

  /**
   * The pool at `index`, sorting the remainder first if the index reaches it and it may hold
   * pools scoring at most `maxScore`; undefined when there is none.
   */
  at(index: number, maxScore = Number.POSITIVE_INFINITY): UsablePool | undefined {
    if (index >= this.sorted.length && this.rest !== null && maxScore > this.cut) {
      for (const pool of this.rest.sort(byScoreThenName)) this.sorted.push(pool);
      this.rest = null;
    }
    return this.sorted[index];
  }
}

export function allocate(request: AllocationRequest): Allocation {
  const { change, limit, tolerance, maxLaunchesPerPool, random } = request;
  const order = new ScoreOrder(request.pools, tolerance);
  const count = request.pools.length;
  const launches: Launch[] = [];
  const dropped = new Uint8Array(count);
  const launchCounts = new Uint32Array(count);
  const poolLaunches = new Array<Launch | undefined>(count);
  let placed = 0;
  let cheapest = 0;

  while (placed < change) {
    while (cheapest < count && dropped[cheapest] === 1) cheapest++;
    const base = order.at(cheapest);
    if (base === undefined) break;
    const window = windowFrom(order, dropped, cheapest, base.score * (1 + tolerance));
    shuffleInPlace(window, random);

    // Round-robin over the window until the change is covered or a pool drops out.
    let windowChanged = false;
    while (placed < change && !windowChanged) {
      for (const index of window) {
        if (placed >= change) break;
        if (dropped[index] === 1) continue;
        const pool = order.sorted[index] as UsablePool;
        if (pool.capacity > limit - placed) {
          dropped[index] = 1; // the room left only shrinks: this pool can never fit again
          windowChanged = true;
          continue;
        }
        launches.push((poolLaunches[index] ??= toLaunch(pool)));
        placed += pool.capacity;
        launchCounts[index] = (launchCounts[index] ?? 0) + 1;
        if ((launchCounts[index] ?? 0) >= maxLaunchesPerPool) {
          dropped[index] = 1;
          windowChanged = true;
        }
      }
    }
  }
  return { launches, placedCapacity: placed };
}

/** Indices of the pools still available whose score is at most `ceilingScore`. */
function windowFrom(order: ScoreOrder, dropped: Uint8Array, from: number, ceilingScore: number): number[] {
  const window: number[] = [];
  for (let i = from; ; i++) {
    const pool = order.at(i, ceilingScore);
    if (pool === undefined || pool.score > ceilingScore) break;
    if (dropped[i] === 0) window.push(i);
  }
  return window;
}
