import { PoolNotInDefinitionError } from './errors';
import { deepMerge } from './merge';
import type { CascadeDefinition, JsonObject, Pool } from './types';

/** What the cascade general → region → availability zone → instance type yields for one pool. */
export interface ResolvedLaunchConfig {
  readonly pool: Pool;
  readonly capacity: number;
  readonly utility: number;
  /** The cascaded launchSpec, before the provisioner adds InstanceType, Placement and the key pair. */
  readonly launchSpec: JsonObject;
  /** The cascaded userData, given to the instance as `data` in its user data. */
  readonly userData: JsonObject;
  readonly secrets: JsonObject;
  /** general, region and instance type scopes, in that order, without duplicates. */
  readonly scopes: readonly string[];
}

/**
 * The zones a worker type may use in a region: the configured ones, or null when it
 * configures none, meaning any zone the region offers (the caller asks EC2 which).
 */
export function configuredZones(definition: CascadeDefinition, region: string): string[] | null {
  const zones = (definition.availabilityZones ?? []).filter((zone) => zone.region === region);
  return zones.length > 0 ? zones.map((zone) => zone.availabilityZone) : null;
}

/**
 * Every pool the definition describes: region × instance type × configured zone, or one
 * zone-agnostic pool (availabilityZone null) per instance type for a region without zones.
 */
export function definitionPools(definition: CascadeDefinition): Pool[] {
  const pools: Pool[] = [];
  for (const { region } of definition.regions) {
    const zones = configuredZones(definition, region) ?? [null];
    for (const { instanceType } of definition.instanceTypes) {
      for (const availabilityZone of zones) pools.push({ region, availabilityZone, instanceType });
    }
  }
  return pools;
}

/**
 * Applies the cascade for one pool. A zone may be named even when the region configures
 * none (any zone is allowed then, and the zone step adds nothing); a zone outside the
 * configured ones, an unknown region or an unknown instance type throws
 * PoolNotInDefinitionError.
 */
export function resolveLaunchConfig(definition: CascadeDefinition, pool: Pool): ResolvedLaunchConfig {
  const region = definition.regions.find((entry) => entry.region === pool.region);
  if (!region) throw new PoolNotInDefinitionError(pool, `region ${pool.region} is not in the definition`);
  const type = definition.instanceTypes.find((entry) => entry.instanceType === pool.instanceType);
  if (!type) throw new PoolNotInDefinitionError(pool, `instance type ${pool.instanceType} is not in the definition`);

  const zones = configuredZones(definition, pool.region);
  const zone =
    pool.availabilityZone === null
      ? undefined
      : (definition.availabilityZones ?? []).find(
          (entry) => entry.region === pool.region && entry.availabilityZone === pool.availabilityZone,
        );
  if (zones && pool.availabilityZone === null) {
    throw new PoolNotInDefinitionError(pool, `region ${pool.region} configures zones; name one of ${zones.join(', ')}`);
  }
  if (zones && !zone) {
    throw new PoolNotInDefinitionError(pool, `zone ${pool.availabilityZone} is not among ${zones.join(', ')}`);
  }

  return {
    pool,
    capacity: type.capacity,
    utility: type.utility,
    launchSpec: deepMerge(definition.launchSpec, region.launchSpec, zone?.launchSpec, type.launchSpec),
    userData: deepMerge(definition.userData, region.userData, zone?.userData, type.userData),
    secrets: deepMerge(definition.secrets, region.secrets, zone?.secrets, type.secrets),
    scopes: unique([...definition.scopes, ...region.scopes, ...type.scopes]),
  };
}

/** The cascade for every pool of definitionPools, in the same order. */
export function resolveAllLaunchConfigs(definition: CascadeDefinition): ResolvedLaunchConfig[] {
  return definitionPools(definition).map((pool) => resolveLaunchConfig(definition, pool));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
