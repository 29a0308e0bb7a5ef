/**
 * Where spot prices come from: a seam, so tests and benchmarks can feed recorded price
 * scenarios (moto's prices are a constant). The EC2 source asks once per region and keeps
 * the answer for a few minutes.
 */
import type { OnDemandPrice, SpotPriceHistoryItem } from '@spot-provisioner/bidding';
import type { Clock } from '../clock';
import type { Ec2Port } from './port';

/** Spot prices move over minutes, not seconds; asking every 30 s iteration would waste API quota. */
export const SPOT_PRICE_CACHE_MS = 5 * 60_000;
/** The window whose highest price a bid is based on. */
export const SPOT_PRICE_WINDOW_MS = 30 * 60_000;

export interface SpotPriceSource {
  /**
   * Raw price history of a region's pools of the given instance types (the bidding package picks
   * the highest Linux price per pool); it may hold other types too.
   */
  history(region: string, instanceTypes: readonly string[]): Promise<SpotPriceHistoryItem[]>;
}

export class Ec2SpotPriceSource implements SpotPriceSource {
  private readonly cache = new Map<string, { fetchedAt: number; instanceTypes: ReadonlySet<string>; items: SpotPriceHistoryItem[] }>();

  constructor(
    private readonly ec2: Pick<Ec2Port, 'describeSpotPriceHistory'>,
    private readonly clock: Clock,
    private readonly cacheMs = SPOT_PRICE_CACHE_MS,
  ) {}

  /** Asks again when the cached answer is older than the cache period or lacks a type asked for (a new worker type). */
  async history(region: string, instanceTypes: readonly string[]): Promise<SpotPriceHistoryItem[]> {
    const now = this.clock.now();
    const cached = this.cache.get(region);
    if (cached && now - cached.fetchedAt < this.cacheMs && instanceTypes.every((type) => cached.instanceTypes.has(type))) return cached.items;
    const wanted = [...new Set(instanceTypes)].sort();
    const items = await this.ec2.describeSpotPriceHistory(region, new Date(now - SPOT_PRICE_WINDOW_MS), wanted);
    this.cache.set(region, { fetchedAt: now, instanceTypes: new Set(wanted), items });
    return items;
  }
}

/** A recorded scenario (the shape of data/spot-prices/*.json). */
export interface PriceScenario {
  regions?: Record<string, string[]>;
  /** On-demand list prices by instance type (the same in every region of the scenario). */
  onDemand?: Record<string, number>;
  SpotPriceHistory: SpotPriceHistoryItem[];
}

/** Serves a recorded scenario: each region gets the items of its zones. */
export class ScenarioSpotPriceSource implements SpotPriceSource {
  constructor(private readonly scenario: PriceScenario) {}

  async history(region: string, instanceTypes: readonly string[]): Promise<SpotPriceHistoryItem[]> {
    const wanted = new Set(instanceTypes);
    return this.scenario.SpotPriceHistory.filter(
      (item) => zoneRegion(item.AvailabilityZone) === region && item.InstanceType !== undefined && wanted.has(item.InstanceType),
    );
  }
}

/** On-demand list prices (EC2 has no API for them; the Pricing API is a separate service). */
export function onDemandPricesFor(
  listPrices: Readonly<Record<string, number>>,
  regions: readonly string[],
): OnDemandPrice[] {
  return regions.flatMap((region) =>
    Object.entries(listPrices).map(([instanceType, price]) => ({ region, instanceType, price })),
  );
}

/** 'us-east-1a' → 'us-east-1' (also local zones like 'us-west-2-lax-1a' → 'us-west-2'). */
export function zoneRegion(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const match = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)/.exec(zone);
  return match?.[1];
}
