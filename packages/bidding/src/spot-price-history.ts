/**
 * Turns EC2 DescribeSpotPriceHistory items into one price per pool: the highest in the window,
 * so a bid based on it would have held through the recent peaks.
 */
import { InvalidBiddingInputError } from './errors';
import type { SpotPoolPrice, SpotPriceHistoryItem } from './types';

/** Linux products only: the worker images are Linux; the VPC variant is the same price line. */
export const LINUX_PRODUCT_DESCRIPTIONS: readonly string[] = ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)'];

/**
 * The highest Linux/UNIX price per (zone, instance type) among `items`, all from `region`
 * (items carry only their zone). Items missing a zone, type or price are skipped (the SDK
 * types them optional); a price that is not a non-negative number is an error.
 */
export function highestSpotPrices(region: string, items: readonly SpotPriceHistoryItem[]): SpotPoolPrice[] {
  const highest = new Map<string, SpotPoolPrice>();
  const problems: string[] = [];
  for (const item of items) {
    const { AvailabilityZone: zone, InstanceType: type, SpotPrice: text, ProductDescription: product } = item;
    if (zone === undefined || type === undefined || text === undefined) continue;
    if (product === undefined || !LINUX_PRODUCT_DESCRIPTIONS.includes(product)) continue;
    const price = Number(text);
    if (text.trim() === '' || !Number.isFinite(price) || price < 0) {
      problems.push(`SpotPrice of ${zone}/${type} is not a price: ${JSON.stringify(text)}`);
      continue;
    }
    const key = `${zone}\u0000${type}`;
    const known = highest.get(key);
    if (known === undefined) highest.set(key, { region, availabilityZone: zone, instanceType: type, price });
    else if (price > known.price) known.price = price;
  }
  if (problems.length > 0) throw new InvalidBiddingInputError(problems);
  return [...highest.values()];
}
