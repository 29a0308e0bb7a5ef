/** The environment both processes share, and how a parse reports its problems. */
import { z } from 'zod';
import { DEFAULT_ALLOWED_REGIONS, DEFAULT_LOG_LEVEL, DEFAULT_PROVISIONER_ID } from './defaults';
import { logLevel, matching, optionalMatching, optionalRegion, optionalUrl, previousSecretsKeys, problemsOf, regionList, secretsKey } from './fields';

/** Taskcluster's rule for provisioner ids. */
export const PROVISIONER_ID_PATTERN = /^[a-zA-Z0-9-_]{1,38}$/;
/** DynamoDB table names allow these characters; the logical name (≤ 11 characters) follows the prefix. */
export const TABLE_PREFIX_PATTERN = /^[a-zA-Z0-9_.-]{1,200}$/;

export const baseEnvShape = {
  PROVISIONER_ID: matching(PROVISIONER_ID_PATTERN, 'must be 1-38 letters, digits, "-" or "_"', DEFAULT_PROVISIONER_ID),
  TABLE_PREFIX: optionalMatching(TABLE_PREFIX_PATTERN, 'must be 1-200 letters, digits, "_", "." or "-" (DynamoDB table names)'),
  ALLOWED_REGIONS: regionList(DEFAULT_ALLOWED_REGIONS),
  AWS_REGION: optionalRegion(),
  AWS_DEFAULT_REGION: optionalRegion(),
  SECRETS_KEY: secretsKey(),
  SECRETS_KEY_PREVIOUS: previousSecretsKeys(),
  PUBLIC_URL: optionalUrl(),
  TASKCLUSTER_ROOT_URL: optionalUrl(),
  QUEUE_ROOT_URL: optionalUrl(),
  LOG_LEVEL: logLevel(DEFAULT_LOG_LEVEL),
};

type BaseEnv = z.output<z.ZodObject<typeof baseEnvShape>>;

export interface BaseConfig {
  readonly provisionerId: string;
  /** Unset: the tables' own default prefix (`Provisioner`, packages/model's table definitions). */
  readonly tablePrefix: string | undefined;
  readonly allowedRegions: readonly string[];
  /** Region of the DynamoDB client: AWS_REGION, else AWS_DEFAULT_REGION, else the first allowed region. */
  readonly awsRegion: string;
  /** Base64 key that encrypts and decrypts secrets and client tokens (packages/model's keyringFromKeys makes the keyring). */
  readonly secretsKey: string;
  /** Older base64 keys, decrypt only. */
  readonly previousSecretsKeys: readonly string[];
  readonly logLevel: string;
}

export function baseConfig(env: BaseEnv): BaseConfig {
  return {
    provisionerId: env.PROVISIONER_ID,
    tablePrefix: env.TABLE_PREFIX,
    allowedRegions: env.ALLOWED_REGIONS,
    awsRegion: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? env.ALLOWED_REGIONS[0] ?? 'us-east-1',
    secretsKey: env.SECRETS_KEY,
    previousSecretsKeys: env.SECRETS_KEY_PREVIOUS,
    logLevel: env.LOG_LEVEL,
  };
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Every problem of an environment, or the configuration it describes. Nothing is started. */
export type ConfigResult<T> = { readonly ok: true; readonly config: T } | { readonly ok: false; readonly problems: readonly string[] };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}

/** Parses `env` with `schema`; problems are one line each, `VARIABLE: what is wrong`. */
export function parseEnvironment<S extends z.ZodType, T>(schema: S, env: Environment, build: (parsed: z.output<S>) => T): ConfigResult<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, config: build(parsed.data) };
}

/** The configuration, or a ConfigError listing every problem. */
export function configOrThrow<T>(result: ConfigResult<T>): T {
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}
