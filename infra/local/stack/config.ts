/**
 * The local stack's configuration, settled before anything starts: safe local defaults for
 * anything unset (packages/config's, plus generated development secrets), every problem of
 * the environment named with its variable (checked with the API's and the daemon's own
 * parsers), ports given explicitly checked free, the others picked free.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  DEFAULT_ALLOWED_REGIONS,
  DEFAULT_HOST,
  DEFAULT_ITERATION_SCHEDULE,
  DEFAULT_LOG_LEVEL,
  DEFAULT_PROVISIONER_ID,
  DEFAULT_ROOT_CLIENT_ID,
  parseApiConfig,
  parseDaemonConfig,
  provisionerBaseUrl,
  type Environment,
} from '@spot-provisioner/config';
import { DEFAULT_TABLE_PREFIX } from '@spot-provisioner/model';
import { assertPortFree, configuredEndpoints, EngineStartError, freePort, REPO_ROOT } from '../engines';

export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`The local stack cannot start:\n  - ${problems.join('\n  - ')}`);
  }
}

export interface StackPorts {
  readonly api: number;
  readonly metrics: number;
  /** Undefined when QUEUE_ROOT_URL names a real queue. */
  readonly queueStandIn: number | undefined;
  /** Undefined when the environment already points the SDK at engines. */
  readonly moto: number | undefined;
  readonly dynamodb: number | undefined;
}

export interface StackPlan {
  /** The environment every child gets (ports, URLs and generated secrets filled in). */
  readonly env: NodeJS.ProcessEnv;
  readonly ports: StackPorts;
  /** Where the sourceable environment file goes (LOCAL_ENV_FILE, default .local/env). */
  readonly envFile: string;
}

const PORT_VARIABLES = ['PORT', 'METRICS_PORT', 'QUEUE_STAND_IN_PORT', 'MOTO_PORT', 'DYNAMODB_PORT'] as const;
type PortVariable = (typeof PORT_VARIABLES)[number];
/** Only validated against, never called: the stack starts its queue stand-in after the check. */
const QUEUE_STAND_IN_PLACEHOLDER = 'http://127.0.0.1:1';

/** Fills safe local defaults for whatever the environment leaves unset. */
export function withLocalDefaults(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  env.HOST ??= DEFAULT_HOST;
  env.TABLE_PREFIX ??= DEFAULT_TABLE_PREFIX;
  env.PROVISIONER_ID ??= DEFAULT_PROVISIONER_ID;
  env.ALLOWED_REGIONS ??= DEFAULT_ALLOWED_REGIONS.join(',');
  env.ROOT_CLIENT_ID ??= DEFAULT_ROOT_CLIENT_ID;
  env.ROOT_ACCESS_TOKEN ??= randomBytes(24).toString('base64url');
  env.SECRETS_KEY ??= randomBytes(32).toString('base64');
  env.ITERATION_SCHEDULE ??= DEFAULT_ITERATION_SCHEDULE;
  env.LOG_LEVEL ??= DEFAULT_LOG_LEVEL;
  // the daemon's Taskcluster credentials for its queue writes (scale-down), which the stand-in checks
  env.TASKCLUSTER_CLIENT_ID ??= `${env.PROVISIONER_ID}/daemon`;
  env.TASKCLUSTER_ACCESS_TOKEN ??= randomBytes(24).toString('base64url');
  return env;
}

/**
 * Every problem of the environment, each naming its variable, once; empty when the stack can
 * start. The stack checks its ports itself (it picks any left unset); everything else is
 * the API's and the daemon's own parsers' verdict, so the stack refuses exactly what they would.
 */
export function configurationProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const variable of PORT_VARIABLES) {
    const raw = env[variable];
    if (raw !== undefined && raw !== '' && parsePort(raw) === undefined) problems.push(`${variable}: must be a port number from 1 to 65535, got "${raw}"`);
  }
  const parsed = withStandIns(env);
  for (const result of [parseApiConfig(parsed), parseDaemonConfig(parsed)]) if (!result.ok) problems.push(...result.problems);
  // Both parsers share the base variables (regions, keys, log level): one line for each problem.
  return [...new Set(problems)];
}

/** The environment as the processes will see it, with stand-ins for what the stack fills in after the check. */
function withStandIns(env: NodeJS.ProcessEnv): Environment {
  const standIns: NodeJS.ProcessEnv = { ...env, QUEUE_ROOT_URL: env.QUEUE_ROOT_URL || QUEUE_STAND_IN_PLACEHOLDER };
  // checked above with the stack's own rule, and picked free when unset
  delete standIns.PORT;
  delete standIns.METRICS_PORT;
  return standIns;
}

/** Settles the stack's configuration; throws StackConfigError naming every problem before anything starts. */
export async function planStack(base: NodeJS.ProcessEnv): Promise<StackPlan> {
  const env = withLocalDefaults(base);
  // every problem in one pass: the variables, then the ports given (each port checked once it parses)
  const problems = configurationProblems(env);

  const enginesGiven = configuredEndpoints(env) !== undefined;
  const queueGiven = Boolean(env.QUEUE_ROOT_URL);
  const needed: PortVariable[] = ['PORT', 'METRICS_PORT'];
  if (!queueGiven) needed.push('QUEUE_STAND_IN_PORT');
  if (!enginesGiven) needed.push('MOTO_PORT', 'DYNAMODB_PORT');

  const chosen = new Map<PortVariable, number>();
  const explicit = needed.filter((variable) => env[variable] && parsePort(env[variable] ?? '') !== undefined);
  for (const variable of explicit) chosen.set(variable, parsePort(env[variable] ?? '') as number);
  for (const variable of explicit) {
    const port = chosen.get(variable) as number;
    const twin = explicit.find((other) => other !== variable && chosen.get(other) === port);
    if (twin && explicit.indexOf(twin) > explicit.indexOf(variable)) problems.push(`${variable} and ${twin} are both ${port}; each process needs its own port`);
    try {
      await assertPortFree(variable, port);
    } catch (error) {
      problems.push(error instanceof EngineStartError ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new StackConfigError(problems);
  for (const variable of needed) if (!chosen.has(variable)) chosen.set(variable, await freePort());
  for (const [variable, port] of chosen) env[variable] = String(port);

  const api = chosen.get('PORT') as number;
  const rootUrl = env.PUBLIC_URL ?? `http://127.0.0.1:${api}`;
  env.PUBLIC_URL = rootUrl;
  env.PROVISIONER_BASE_URL ??= provisionerBaseUrl(rootUrl);
  env.TASKCLUSTER_ROOT_URL ??= rootUrl;
  if (!queueGiven) env.QUEUE_ROOT_URL = `http://127.0.0.1:${chosen.get('QUEUE_STAND_IN_PORT')}`;

  return {
    env,
    ports: {
      api,
      metrics: chosen.get('METRICS_PORT') as number,
      queueStandIn: chosen.get('QUEUE_STAND_IN_PORT'),
      moto: chosen.get('MOTO_PORT'),
      dynamodb: chosen.get('DYNAMODB_PORT'),
    },
    envFile: path.resolve(REPO_ROOT, env.LOCAL_ENV_FILE ?? path.join('.local', 'env')),
  };
}

function parsePort(raw: string): number | undefined {
  const port = Number(raw);
  return raw.trim() !== '' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}
