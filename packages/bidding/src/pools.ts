/**
 * Candidate pools of one market: the worker type's regions × its zones × its instance types,
 * each with the price the market quotes for it (undefined when none is known), its score and
 * the max price a launch there would submit.
 */
import type { Market, PlacementInput, PriceLookup } from './types';

export interface Candidate {
  market: Market;
  region: string;
  /** null when the region's zones are unknown. */
  availabilityZone: string | null;
  instanceType: string;
  capacity: number;
  utility: number;
  price: number | undefined;
  /** price ÷ utility; NaN without a price. */
  pricePerUtility: number;
  /** Set by the interruption-risk score once the pool passed the filters (null: no rate known or wanted). */
  interruptionRate: number | null;
  riskPenalty: number;
  /** pricePerUtility × (1 + riskPenalty): what allocation ranks by. */
  score: number;
  /** What a launch would submit as max price (see `maxPriceToSubmit`). */
  maxPrice: number;
}

/** A candidate that passed every filter: it has a zone and a price. */
export interface UsablePool extends Candidate {
  availabilityZone: string;
  price: number;
}

const SEPARATOR = '\u0000';

/**
 * Spot: maxPrice per utility, raised to minPrice per utility (minPrice only ever raises it).
 * On-demand has no bid: the price paid is the list price.
 */
export function maxPriceToSubmit(market: Market, price: number | undefined, utility: number, input: PlacementInput): number {
  return market === 'spot' ? Math.max(input.maxPrice, input.minPrice) * utility : (price ?? Number.NaN);
}

/** The zones a region's pools are drawn from: available ones, plus configured ones EC2 did not list. */
function candidateZones(region: string, input: PlacementInput): (string | null)[] {
  const zones = new Set<string>(input.availableZones[region] ?? []);
  for (const configured of input.availabilityZones) {
    if (configured.region === region) zones.add(configured.availabilityZone);
  }
  return zones.size > 0 ? [...zones] : [null];
}

export function candidatePools(input: PlacementInput, market: Market, prices: PriceLookup): Candidate[] {
  const candidates: Candidate[] = [];
  for (const region of input.regions) {
    for (const availabilityZone of candidateZones(region, input)) {
      for (const { instanceType, capacity, utility } of input.instanceTypes) {
        const price = availabilityZone === null ? undefined : prices.get(region, availabilityZone, instanceType);
        candidates.push({
          market,
          region,
          availabilityZone,
          instanceType,
          capacity,
          utility,
          price,
          pricePerUtility: price === undefined ? Number.NaN : price / utility,
          interruptionRate: null,
          riskPenalty: 0,
          score: price === undefined ? Number.NaN : price / utility,
          maxPrice: maxPriceToSubmit(market, price, utility, input),
        });
      }
    }
  }
  return candidates;
}

export function poolKey(market: Market, region: string, zone: string, instanceType: string): string {
  return market + SEPARATOR + region + SEPARATOR + zone + SEPARATOR + instanceType;
}
