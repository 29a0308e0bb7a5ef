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
/**
 * A worker type's maxCapacity, and so the capacity units one plan places (an iteration's
 * plan or a preview's): planning works per instance launched, so pending tasks × a large
 * maxCapacity would make one plan run for seconds and hold millions of launches in memory.
 * The largest Taskcluster fleets ran a few thousand instances.
 */
export const MAX_CAPACITY = 10_000;

/**
 * What the launch specifications of one definition hold together (each carries its
 * cascaded launchSpec, userData and secrets): the size of a getLaunchSpecs preview and
 * of what an iteration resolves, about 2.5 × this in JSON with the base64 user data.
 * Real fleets (3 regions × 10 types × 3 zones × 10 KB) use about a quarter of it.
 */
export const MAX_EXPANDED_BYTES = 4 * 1024 * 1024;

interface Level {
  readonly launchSpec?: unknown;
  readonly userData?: unknown;
  readonly secrets?: unknown;
}

interface DefinitionCounts extends Level {
  readonly regions: readonly (Level & { readonly region: string })[];
  readonly instanceTypes: readonly Level[];
  readonly availabilityZones: readonly (Level & { readonly region: string })[];
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

/**
 * Bytes of cascaded configuration across every launch specification: each pool carries
 * the general level, its region's, its zone's and its instance type's, so each level
 * counts once per pool it reaches.
 */
export function expandedLaunchSpecBytes(definition: DefinitionCounts): number {
  const zonesIn = (region: string) => definition.availabilityZones.filter((zone) => zone.region === region);
  const types = definition.instanceTypes.length;
  const typeBytes = definition.instanceTypes.reduce((total, type) => total + levelBytes(type), 0);
  let total = 0;
  for (const region of definition.regions) {
    const zones = zonesIn(region.region);
    const pools = types * Math.max(1, zones.length);
    total += pools * (levelBytes(definition) + levelBytes(region));
    total += typeBytes * Math.max(1, zones.length);
    total += types * zones.reduce((sum, zone) => sum + levelBytes(zone), 0);
  }
  return total;
}

function levelBytes(level: Level): number {
  return Buffer.byteLength(JSON.stringify([level.launchSpec ?? {}, level.userData ?? {}, level.secrets ?? {}]));
}

export const limitMessage = (what: string, limit: number, name: string) => `at most ${limit} ${what} (${name})`;
