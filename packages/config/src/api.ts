/** The API's environment: the shared base plus where it listens and its root client. */
import { z } from 'zod';
import { baseConfig, baseEnvShape, configOrThrow, parseEnvironment, type BaseConfig, type ConfigResult, type Environment } from './base';
import { DEFAULT_API_PORT, DEFAULT_HOST, DEFAULT_ITERATION_PERIOD_MS, DEFAULT_ROOT_CLIENT_ID, defaultPublicUrl } from './defaults';
import { optionalText, port, positiveInteger, requiredText } from './fields';

export const apiEnvSchema = z.object({
  ...baseEnvShape,
  PORT: port(DEFAULT_API_PORT),
  HOST: optionalText(),
  ROOT_CLIENT_ID: optionalText(),
  ROOT_ACCESS_TOKEN: requiredText('the root client\'s access token (e.g. `openssl rand -base64 30`)'),
  ITERATION_PERIOD_MS: positiveInteger(DEFAULT_ITERATION_PERIOD_MS, 'milliseconds'),
});

export interface ApiEnvConfig extends BaseConfig {
  readonly port: number;
  readonly host: string;
  /** Where clients reach the API; the base of user data's provisionerBaseUrl. */
  readonly publicUrl: string;
  /** Taskcluster root URL workers talk to: TASKCLUSTER_ROOT_URL, else QUEUE_ROOT_URL, else PUBLIC_URL. */
  readonly taskclusterRootUrl: string;
  readonly rootClientId: string;
  readonly rootAccessToken: string;
  /** Fallback period to judge a heartbeat that does not record its own. */
  readonly iterationPeriodMs: number;
}

/** Validates the API's environment without starting anything: every problem, or the configuration. */
export function parseApiConfig(env: Environment): ConfigResult<ApiEnvConfig> {
  return parseEnvironment(apiEnvSchema, env, (parsed) => {
    const host = parsed.HOST ?? DEFAULT_HOST;
    const publicUrl = parsed.PUBLIC_URL ?? defaultPublicUrl(host, parsed.PORT);
    return {
      ...baseConfig(parsed),
      port: parsed.PORT,
      host,
      publicUrl,
      taskclusterRootUrl: parsed.TASKCLUSTER_ROOT_URL ?? parsed.QUEUE_ROOT_URL ?? publicUrl,
      rootClientId: parsed.ROOT_CLIENT_ID ?? DEFAULT_ROOT_CLIENT_ID,
      rootAccessToken: parsed.ROOT_ACCESS_TOKEN,
      iterationPeriodMs: parsed.ITERATION_PERIOD_MS,
    };
  });
}

export function loadApiConfig(env: Environment): ApiEnvConfig {
  return configOrThrow(parseApiConfig(env));
}
