/** The daemon's environment: the shared base plus its queue, schedule, limits and status endpoint. */
import { z } from 'zod';
import { baseConfig, baseEnvShape, configOrThrow, parseEnvironment, type BaseConfig, type ConfigResult, type Environment } from './base';
import {
  DEFAULT_HOST,
  DEFAULT_ITERATION_SCHEDULE,
  DEFAULT_MAX_INSTANCE_LIFE,
  DEFAULT_METRICS_PORT,
  defaultPublicUrl,
  provisionerBaseUrl,
} from './defaults';
import { cronExpression, duration, optionalText, optionalUrl, port, requiredUrl } from './fields';

/**
 * After this long an iteration is abandoned and reported, and the lease given up: a healthy
 * iteration takes seconds, an EC2 call gives up after 15 s (30 s with throttling retries), so
 * three default periods only pass when something hangs.
 */
export const DEFAULT_ITERATION_DEADLINE_MS = 90_000;
export const DEFAULT_ITERATION_DEADLINE = `${DEFAULT_ITERATION_DEADLINE_MS / 1000}s`;

const OPENSSH_PUBLIC_KEY = /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/;

export const daemonEnvSchema = z
  .object({
  ...baseEnvShape,
  QUEUE_ROOT_URL: requiredUrl('the Taskcluster root URL whose queue reports pending tasks'),
  ITERATION_SCHEDULE: cronExpression(DEFAULT_ITERATION_SCHEDULE),
  ITERATION_DEADLINE: duration(DEFAULT_ITERATION_DEADLINE),
  MAX_INSTANCE_LIFE: duration(DEFAULT_MAX_INSTANCE_LIFE),
  INSTANCE_PUBLIC_KEY: optionalText().refine((key) => key === undefined || OPENSSH_PUBLIC_KEY.test(key), {
    error: 'must be an OpenSSH public key line (ssh-rsa / ssh-ed25519 / ecdsa-sha2-...)',
  }),
  PROVISIONER_BASE_URL: optionalUrl(),
  METRICS_PORT: port(DEFAULT_METRICS_PORT),
  METRICS_HOST: optionalText(),
  ON_DEMAND_PRICES_FILE: optionalText(),
  INTERRUPTION_QUEUE_URL: optionalUrl(),
  // the daemon's Taskcluster credentials, for the queue writes of scale-down (quarantineWorker)
  TASKCLUSTER_CLIENT_ID: optionalText(),
  TASKCLUSTER_ACCESS_TOKEN: optionalText(),
})
  .superRefine(
    (env, ctx) => {
      // one without the other signs nothing: say which is missing, never echo the token
      const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';
      const [id, token] = [given(env.TASKCLUSTER_CLIENT_ID), given(env.TASKCLUSTER_ACCESS_TOKEN)];
      if (id && !token) {
        ctx.addIssue({ code: 'custom', path: ['TASKCLUSTER_ACCESS_TOKEN'], message: 'is required with TASKCLUSTER_CLIENT_ID (the daemon signs queue writes with both)' });
      }
      if (token && !id) {
        ctx.addIssue({ code: 'custom', path: ['TASKCLUSTER_CLIENT_ID'], message: 'is required with TASKCLUSTER_ACCESS_TOKEN (the daemon signs queue writes with both)' });
      }
    },
    // runs even when other variables failed: every problem at once
    { when: () => true },
  );

export interface DaemonEnvConfig extends BaseConfig {
  readonly queueRootUrl: string;
  readonly iterationSchedule: string;
  readonly iterationDeadlineMs: number;
  readonly maxInstanceLifeMs: number;
  /** OpenSSH public key line; instances get it as their key pair. */
  readonly instancePublicKey: string | undefined;
  /** Written into user data: PROVISIONER_BASE_URL, else `<PUBLIC_URL>/api/aws-provisioner/v1`. */
  readonly provisionerBaseUrl: string;
  /** Written into user data: TASKCLUSTER_ROOT_URL, else QUEUE_ROOT_URL. */
  readonly taskclusterRootUrl: string;
  readonly metricsPort: number;
  readonly metricsHost: string;
  /** Path to a JSON object of on-demand list prices by instance type. */
  readonly onDemandPricesFile: string | undefined;
  /** The SQS queue EventBridge feeds with EC2's interruption, rebalance and state-change events; unset: no interruption handling. */
  readonly interruptionQueueUrl: string | undefined;
  /**
   * Signs the daemon's queue writes (quarantineWorker, scope
   * `queue:quarantine-worker:<provisionerId>/<workerType>/*`); without them scale-down never drains.
   */
  readonly queueCredentials: { readonly clientId: string; readonly accessToken: string } | undefined;
}

/** Validates the daemon's environment without starting anything: every problem, or the configuration. */
export function parseDaemonConfig(env: Environment): ConfigResult<DaemonEnvConfig> {
  return parseEnvironment(daemonEnvSchema, env, (parsed) => ({
    ...baseConfig(parsed),
    queueRootUrl: parsed.QUEUE_ROOT_URL,
    iterationSchedule: parsed.ITERATION_SCHEDULE,
    iterationDeadlineMs: parsed.ITERATION_DEADLINE,
    maxInstanceLifeMs: parsed.MAX_INSTANCE_LIFE,
    instancePublicKey: parsed.INSTANCE_PUBLIC_KEY,
    // the API's address, as the API itself defaults it when PUBLIC_URL is unset
    provisionerBaseUrl: parsed.PROVISIONER_BASE_URL ?? provisionerBaseUrl(parsed.PUBLIC_URL ?? defaultPublicUrl()),
    taskclusterRootUrl: parsed.TASKCLUSTER_ROOT_URL ?? parsed.QUEUE_ROOT_URL,
    metricsPort: parsed.METRICS_PORT,
    metricsHost: parsed.METRICS_HOST ?? DEFAULT_HOST,
    onDemandPricesFile: parsed.ON_DEMAND_PRICES_FILE,
    interruptionQueueUrl: parsed.INTERRUPTION_QUEUE_URL,
    queueCredentials:
      parsed.TASKCLUSTER_CLIENT_ID !== undefined && parsed.TASKCLUSTER_ACCESS_TOKEN !== undefined
        ? { clientId: parsed.TASKCLUSTER_CLIENT_ID, accessToken: parsed.TASKCLUSTER_ACCESS_TOKEN }
        : undefined,
  }));
}

export function loadDaemonConfig(env: Environment): DaemonEnvConfig {
  return configOrThrow(parseDaemonConfig(env));
}
