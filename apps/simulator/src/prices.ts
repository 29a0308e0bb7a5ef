/**
 * Spot prices over simulated time, from a recorded price history (the shape of
 * the repository's data/spot-prices/five-regions.json). Each pool's price is a step function of its recorded points; a
 * history shorter than the run repeats, so a 30-minute recording drives a day.
 */
import type { OnDemandPrice, SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import { onDemandPricesFor, type PriceScenario } from '@spot-provisioner/provisioner';

/** The window whose prices the daemon's EC2 source hands to bidding (its SPOT_PRICE_WINDOW_MS). */
const REPORTED_WINDOW_S = 30 * 60;
/** Spacing of the reported points within that window, as EC2 reports price changes every few minutes. */
const REPORTED_STEP_S = 5 * 60;

interface PoolSteps {
  zone: string;
  instanceType: string;
  /** Offsets into the cycle (seconds, ascending, first 0) and the price from each on. */
  offsets: number[];
  prices: number[];
}

export class PriceBook {
  private readonly pools = new Map<string, PoolSteps>();
  /** Length of one repetition of the history, seconds. */
  readonly cycleS: number;
  readonly zonesByRegion: Readonly<Record<string, readonly string[]>>;
  readonly onDemand: Readonly<Record<string, number>>;

  constructor(scenario: PriceScenario) {
    const linux = scenario.SpotPriceHistory.filter((i) => i.ProductDescription?.startsWith('Linux/UNIX'));
    const times = linux.map((i) => Date.parse(String(i.Timestamp)));
    const start = Math.min(...times);
    const end = Math.max(...times);
    const byPool = new Map<string, { at: number; price: number; zone: string; instanceType: string }[]>();
    for (const item of linux) {
      const key = poolKey(String(item.AvailabilityZone), String(item.InstanceType));
      const list = byPool.get(key) ?? [];
      list.push({ at: (Date.parse(String(item.Timestamp)) - start) / 1000, price: Number(item.SpotPrice), zone: String(item.AvailabilityZone), instanceType: String(item.InstanceType) });
      byPool.set(key, list);
    }
    let step = Infinity;
    for (const [key, list] of byPool) {
      list.sort((a, b) => a.at - b.at);
      for (let i = 1; i < list.length; i++) step = Math.min(step, list[i]!.at - list[i - 1]!.at || Infinity);
      const first = list[0]!;
      this.pools.set(key, {
        zone: first.zone,
        instanceType: first.instanceType,
        offsets: [0, ...list.slice(1).map((p) => p.at)],
        prices: list.map((p) => p.price),
      });
    }
    this.cycleS = (end - start) / 1000 + (Number.isFinite(step) ? step : REPORTED_STEP_S);
    const zones: Record<string, string[]> = {};
    for (const pool of this.pools.values()) {
      const region = regionOf(pool.zone);
      zones[region] ??= [];
      if (!zones[region].includes(pool.zone)) zones[region].push(pool.zone);
    }
    for (const list of Object.values(zones)) list.sort();
    this.zonesByRegion = scenario.regions ?? zones;
    this.onDemand = scenario.onDemand ?? {};
  }

  /** USD per hour of the pool at simulated second `t`; undefined when the pool has no price. */
  spotPrice(zone: string, instanceType: string, t: number): number | undefined {
    const pool = this.pools.get(poolKey(zone, instanceType));
    if (!pool) return undefined;
    const offset = ((t % this.cycleS) + this.cycleS) % this.cycleS;
    let index = 0;
    while (index + 1 < pool.offsets.length && pool.offsets[index + 1]! <= offset) index++;
    return pool.prices[index]!;
  }

  /** USD for running in the pool from `from` to `to` (seconds), billed per second at each moment's price. */
  spotCost(zone: string, instanceType: string, from: number, to: number): number {
    const pool = this.pools.get(poolKey(zone, instanceType));
    if (!pool || to <= from) return 0;
    let cost = 0;
    let t = from;
    while (t < to) {
      const cycleStart = Math.floor(t / this.cycleS) * this.cycleS;
      const offset = t - cycleStart;
      let index = 0;
      while (index + 1 < pool.offsets.length && pool.offsets[index + 1]! <= offset) index++;
      const segmentEnd = cycleStart + (pool.offsets[index + 1] ?? this.cycleS);
      const until = Math.min(to, segmentEnd);
      cost += (pool.prices[index]! * (until - t)) / 3600;
      t = until;
    }
    return cost;
  }

  onDemandPrices(regions: readonly string[]): OnDemandPrice[] {
    return onDemandPricesFor(this.onDemand, regions);
  }

  /** What EC2's DescribeSpotPriceHistory would report at `t` for a region: the last half hour. */
  history(region: string, t: number, epochMs: number): SpotPriceHistoryItem[] {
    const items: SpotPriceHistoryItem[] = [];
    for (const pool of this.pools.values()) {
      if (regionOf(pool.zone) !== region) continue;
      for (let back = 0; back <= REPORTED_WINDOW_S; back += REPORTED_STEP_S) {
        const at = t - back;
        items.push({
          AvailabilityZone: pool.zone,
          InstanceType: pool.instanceType,
          ProductDescription: 'Linux/UNIX',
          SpotPrice: String(this.spotPrice(pool.zone, pool.instanceType, at)),
          Timestamp: new Date(epochMs + at * 1000),
        });
      }
    }
    return items;
  }
}

export function regionOf(zone: string): string {
  return zone.replace(/[a-z]$/, '');
}

function poolKey(zone: string, instanceType: string): string {
  return `${zone}\u0000${instanceType}`;
}
