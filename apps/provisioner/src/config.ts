/**
 * The daemon's configuration: the shared schema of @spot-provisioner/config (one zod schema
 * over the base both processes share), read in one place (main.ts). Every problem is
 * reported at once; secrets are never echoed.
 */
import {
  DEFAULT_ALLOWED_REGIONS,
  DEFAULT_HOST,
  DEFAULT_ITERATION_DEADLINE,
  DEFAULT_ITERATION_SCHEDULE,
  DEFAULT_MAX_INSTANCE_LIFE,
  DEFAULT_METRICS_PORT,
  DEFAULT_PROVISIONER_ID,
  DEFAULT_TABLE_PREFIX,
  loadDaemonConfig,
  type DaemonEnvConfig,
  type Environment,
} from '@spot-provisioner/config';

export { ConfigError, isConfigError, parseDaemonConfig, parseDuration } from '@spot-provisioner/config';

export const DEFAULTS = {
  provisionerId: DEFAULT_PROVISIONER_ID,
  allowedRegions: DEFAULT_ALLOWED_REGIONS,
  tablePrefix: DEFAULT_TABLE_PREFIX,
  iterationSchedule: DEFAULT_ITERATION_SCHEDULE,
  iterationDeadline: DEFAULT_ITERATION_DEADLINE,
  maxInstanceLife: DEFAULT_MAX_INSTANCE_LIFE,
  metricsPort: DEFAULT_METRICS_PORT,
  metricsHost: DEFAULT_HOST,
} as const;

export type ProvisionerConfig = DaemonEnvConfig;

/** The daemon's configuration, or a ConfigError listing every problem. */
export function loadConfig(env: Environment): ProvisionerConfig {
  return loadDaemonConfig(env);
}
