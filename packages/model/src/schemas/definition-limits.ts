/**
 * Bounds on a worker type definition, so one allowed-size request cannot make the API
 * (or an iteration) build millions of launch specifications. A definition expands into
 * one launch specification per region × instance type × zone (a region without zones
 * counts once); MAX_LAUNCH_SPECS bounds that product. Real fleets use a few regions,
 * a dozen instance types and a few zones per region.
 */

/** AWS has about 35 commercial regions. */
export const MAX_REGIONS = 40;
/** Generous for a fleet; Taskcluster's largest worker types listed about 20. */
export const MAX_INSTANCE_TYPES = 100;
/** A few per region, across every region. */
export const MAX_AVAILABILITY_ZONES = 200;
/** Launch specifications one definition expands into: previewed in one response, planned every iteration. */
export const MAX_LAUNCH_SPECS = 2000;

interface DefinitionCounts {
  readonly regions: readonly { readonly region: string }[];
  readonly instanceTypes: readonly unknown[];
  readonly availabilityZones: readonly { readonly region: string }[];
}

/** How many launch specifications a definition expands into. */
export function launchSpecCount(definition: DefinitionCounts): number {
  const zonesPerRegion = new Map<string, number>();
  for (const zone of definition.availabilityZones) zonesPerRegion.set(zone.region, (zonesPerRegion.get(zone.region) ?? 0) + 1);
  return definition.regions.reduce(
    (total, region) => total + definition.instanceTypes.length * Math.max(1, zonesPerRegion.get(region.region) ?? 0),
    0,
  );
}

export const limitMessage = (what: string, limit: number, name: string) => `at most ${limit} ${what} (${name})`;
