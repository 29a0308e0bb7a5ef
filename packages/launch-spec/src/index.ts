/**
 * Launch specifications of a worker type: the cascade general → region → availability
 * zone → instance type, the rules a definition must satisfy before it is stored, and the
 * user data an instance receives. Pure: no AWS calls, no clock (callers pass dates).
 */
export type {
  AvailabilityZoneLevel,
  CascadeDefinition,
  InstanceTypeLevel,
  JsonObject,
  Pool,
  RegionLevel,
} from './types';
export { deepMerge, isPlainObject } from './merge';
export {
  configuredZones,
  definitionPools,
  resolveAllLaunchConfigs,
  resolveLaunchConfig,
  type ResolvedLaunchConfig,
} from './cascade';
export {
  buildAllLaunchSpecifications,
  buildLaunchSpecification,
  type LaunchContext,
  type LaunchSpecification,
} from './launch-specification';
export { decodeUserData, encodeUserData, USER_DATA_KEYS, WORKER_ID_FROM, type InstanceUserData } from './user-data';
export {
  ec2ReferencesByRegion,
  LAUNCH_SPECIFICATION_KEYS,
  launchSpecViolations,
  type RegionEc2References,
} from './rules';
export { describePool, isPoolNotInDefinitionError, PoolNotInDefinitionError } from './errors';
