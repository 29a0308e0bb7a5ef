/** Checks a placement input up front and lists every problem in one typed error. */
import type { PlacementInput } from './types';
import { isNonNegative, requireFinite, requireNonNegative, requirePositive, throwIfAny, type Problems } from './validation';

export function validatePlacementInput(input: PlacementInput): void {
  const problems: Problems = [];
  const seen = new Set<string>();
  for (const { instanceType, capacity, utility } of input.instanceTypes) {
    if (seen.has(instanceType)) problems.push(`instance type ${instanceType} is listed twice`);
    seen.add(instanceType);
    requirePositive(problems, `capacity of ${instanceType}`, capacity);
    requirePositive(problems, `utility of ${instanceType}`, utility);
  }
  const regions = new Set<string>();
  for (const region of input.regions) {
    if (regions.has(region)) problems.push(`region ${region} is listed twice`);
    regions.add(region);
  }
  requireNonNegative(problems, 'minPrice', input.minPrice);
  requireNonNegative(problems, 'maxPrice', input.maxPrice);
  requireFinite(problems, 'now', input.now);
  requireFinite(problems, 'change', input.change);
  if (input.headroom !== undefined) requireNonNegative(problems, 'headroom', input.headroom);
  // Prices are many: test them first, name them only when one is wrong. (An index checked its own.)
  for (const p of 'get' in input.spotPrices ? [] : input.spotPrices) {
    if (!isNonNegative(p.price)) requireNonNegative(problems, `spot price of ${p.region}/${p.availabilityZone}/${p.instanceType}`, p.price);
  }
  for (const p of input.onDemandPrices ?? []) {
    if (!isNonNegative(p.price)) requireNonNegative(problems, `on-demand price of ${p.region}/${p.instanceType}`, p.price);
  }
  for (const p of [...(input.recentlyUnavailable ?? []), ...(input.rebalanceRecommended ?? [])]) {
    requireFinite(problems, `until of ${p.region}/${p.availabilityZone}/${p.instanceType}`, p.until);
  }

  const options = input.options ?? {};
  if (options.tolerance !== undefined) requireNonNegative(problems, 'options.tolerance', options.tolerance);
  if (options.hardCeiling !== undefined) requirePositive(problems, 'options.hardCeiling', options.hardCeiling);
  if (options.consideredPools !== undefined && !(Number.isInteger(options.consideredPools) && options.consideredPools >= 0)) {
    problems.push(`options.consideredPools must be a whole number ≥ 0, got ${options.consideredPools}`);
  }
  if (options.expectedLostWorkHours !== undefined) requireNonNegative(problems, 'options.expectedLostWorkHours', options.expectedLostWorkHours);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) problems.push(`options.seed must be an integer, got ${options.seed}`);
  if (options.maxLaunchesPerPool !== undefined && !(options.maxLaunchesPerPool >= 1)) {
    problems.push(`options.maxLaunchesPerPool must be at least 1, got ${options.maxLaunchesPerPool}`);
  }
  throwIfAny(problems);
}
