import { definitionPools, resolveLaunchConfig, type ResolvedLaunchConfig } from './cascade';
import { deepMerge } from './merge';
import type { CascadeDefinition, JsonObject, Pool } from './types';
import { encodeUserData, WORKER_ID_FROM, type InstanceUserData } from './user-data';

/** What only the provisioner knows when it launches (or null in a preview). */
export interface LaunchContext {
  readonly workerType: string;
  readonly provisionerId: string;
  /** ISO date-time of the definition's lastModified. */
  readonly lastModified: string;
  readonly provisionerBaseUrl: string;
  readonly taskclusterRootUrl: string;
  readonly generatedAt: Date;
  readonly spotBid: number | null;
  readonly price: number | null;
  readonly securityToken: string | null;
  /** The key pair the provisioner launches with; leaves the cascaded KeyName when absent. */
  readonly keyName?: string | undefined;
}

/** A launch specification ready for EC2, and what goes with it. */
export interface LaunchSpecification extends ResolvedLaunchConfig {
  /** The cascaded launchSpec plus InstanceType, Placement.AvailabilityZone, KeyName and UserData. */
  readonly launchSpec: JsonObject;
  /** The decoded form of launchSpec.UserData. */
  readonly instanceUserData: InstanceUserData;
}

/** The launch specification for one (region, zone, instance type) of a worker type. */
export function buildLaunchSpecification(
  definition: CascadeDefinition,
  pool: Pool,
  context: LaunchContext,
): LaunchSpecification {
  const resolved = resolveLaunchConfig(definition, pool);
  const instanceUserData: InstanceUserData = {
    data: resolved.userData,
    capacity: resolved.capacity,
    workerType: context.workerType,
    provisionerId: context.provisionerId,
    region: pool.region,
    availabilityZone: pool.availabilityZone,
    instanceType: pool.instanceType,
    spotBid: context.spotBid,
    price: context.price,
    launchSpecGenerated: context.generatedAt.toISOString(),
    lastModified: context.lastModified,
    provisionerBaseUrl: context.provisionerBaseUrl,
    taskclusterRootUrl: context.taskclusterRootUrl,
    securityToken: context.securityToken,
    workerGroup: pool.region,
    workerIdFrom: WORKER_ID_FROM,
  };
  const decided: JsonObject = { InstanceType: pool.instanceType, UserData: encodeUserData(instanceUserData) };
  if (pool.availabilityZone !== null) decided.Placement = { AvailabilityZone: pool.availabilityZone };
  if (context.keyName !== undefined) decided.KeyName = context.keyName;
  return { ...resolved, launchSpec: deepMerge(resolved.launchSpec, decided), instanceUserData };
}

/** The launch specification for every pool of the definition (see definitionPools). */
export function buildAllLaunchSpecifications(
  definition: CascadeDefinition,
  context: LaunchContext,
): LaunchSpecification[] {
  return definitionPools(definition).map((pool) => buildLaunchSpecification(definition, pool, context));
}
