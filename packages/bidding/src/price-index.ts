/**
 * Price look-ups by pool. A daemon plans every worker type of an iteration against one price
 * list, so `SpotPriceIndex` can be built once and passed to each `planPlacement` call; a
 * plain array works too and is indexed per call.
 */
import { InvalidBiddingInputError } from './errors';
import type { OnDemandPrice, PriceLookup, SpotPoolPrice } from './types';
import { isNonNegative } from './validation';

/** Spot prices by region → zone → type (no key strings built); immutable once built. */
export class SpotPriceIndex implements PriceLookup {
  private readonly byRegion = new Map<string, Map<string, Map<string, number>>>();

  /** A pool listed twice keeps its highest price, as the history does; a bad price throws. */
  constructor(prices: readonly SpotPoolPrice[]) {
    const problems: string[] = [];
    for (const { region, availabilityZone, instanceType, price } of prices) {
      if (!isNonNegative(price)) {
        problems.push(`spot price of ${region}/${availabilityZone}/${instanceType} must be a finite number ≥ 0, got ${price}`);
        continue;
      }
      let byZone = this.byRegion.get(region);
      if (byZone === undefined) this.byRegion.set(region, (byZone = new Map()));
      let byType = byZone.get(availabilityZone);
      if (byType === undefined) byZone.set(availabilityZone, (byType = new Map()));
      const known = byType.get(instanceType);
      if (known === undefined || price > known) byType.set(instanceType, price);
    }
    if (problems.length > 0) throw new InvalidBiddingInputError(problems);
  }

  get(region: string, zone: string, instanceType: string): number | undefined {
    return this.byRegion.get(region)?.get(zone)?.get(instanceType);
  }
}

/** Builds the index of a spot price list once, to share across worker types. */
export function indexSpotPrices(prices: readonly SpotPoolPrice[]): SpotPriceIndex {
  return new SpotPriceIndex(prices);
}

/** A list is indexed (and its prices checked) here; a lookup is used as it is. */
export function spotPriceLookup(prices: readonly SpotPoolPrice[] | PriceLookup): PriceLookup {
  return 'get' in prices ? prices : new SpotPriceIndex(prices);
}

/** On-demand list prices: one per region and type, whatever the zone. */
export function onDemandPriceLookup(prices: readonly OnDemandPrice[]): PriceLookup {
  const byRegion = new Map<string, Map<string, number>>();
  const problems: string[] = [];
  for (const { region, instanceType, price } of prices) {
    if (!isNonNegative(price)) problems.push(`on-demand price of ${region}/${instanceType} must be a finite number ≥ 0, got ${price}`);
    let byType = byRegion.get(region);
    if (byType === undefined) byRegion.set(region, (byType = new Map()));
    byType.set(instanceType, price);
  }
  if (problems.length > 0) throw new InvalidBiddingInputError(problems);
  return { get: (region, _zone, instanceType) => byRegion.get(region)?.get(instanceType) };
}
