/**
 * The local stack's configuration, settled before anything starts: safe local defaults for
 * anything unset, every problem of the environment named with its variable (checked with the
 * apps' own parsers), ports given explicitly checked free, the others picked free.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { keyringFromEnv } from '@spot-provisioner/model';
import { assertPortFree, configuredEndpoints, EngineStartError, freePort, REPO_ROOT } from '../engines';
import { unknownRegionProblems } from './regions';

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
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Fills safe local defaults for whatever the environment leaves unset. */
export function withLocalDefaults(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  env.HOST ??= '127.0.0.1';
  env.TABLE_PREFIX ??= 'Provisioner';
  env.PROVISIONER_ID ??= 'aws-provisioner-v1';
  env.ALLOWED_REGIONS ??= 'us-east-1,us-west-2';
  env.ROOT_CLIENT_ID ??= 'root';
  env.ROOT_ACCESS_TOKEN ??= randomBytes(24).toString('base64url');
  env.SECRETS_KEY ??= randomBytes(32).toString('base64');
  env.ITERATION_SCHEDULE ??= '*/30 * * * * *';
  env.LOG_LEVEL ??= 'info';
  return env;
}

/** Every problem of the environment, each naming its variable; empty when the stack can start. */
export async function configurationProblems(env: NodeJS.ProcessEnv): Promise<string[]> {
  const problems: string[] = [];
  for (const variable of PORT_VARIABLES) {
    const raw = env[variable];
    if (raw !== undefined && raw !== '' && parsePort(raw) === undefined) problems.push(`${variable} must be a port number from 1 to 65535, got "${raw}"`);
  }
  const regionProblems = unknownRegionProblems(env.ALLOWED_REGIONS);
  problems.push(...regionProblems);
  try {
    keyringFromEnv(env);
  } catch (error) {
    problems.push(...((error as { reasons?: string[] }).reasons ?? [(error as Error).message]));
  }
  if (env.LOG_LEVEL && !LOG_LEVELS.includes(env.LOG_LEVEL)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  if (env.ITERATION_PERIOD_MS && !(Number(env.ITERATION_PERIOD_MS) > 0)) problems.push(`ITERATION_PERIOD_MS must be a positive number of milliseconds, got "${env.ITERATION_PERIOD_MS}"`);
  // The daemon's own parser, with stand-ins for what the stack fills in itself.
  const daemonProblems = await provisionerConfigProblems({
    ...env,
    QUEUE_ROOT_URL: env.QUEUE_ROOT_URL ?? 'http://127.0.0.1:1',
    METRICS_PORT: parsePort(env.METRICS_PORT ?? '') === undefined ? undefined : env.METRICS_PORT,
  });
  // A bad region is already named above, with the allowed values.
  problems.push(...daemonProblems.filter((p) => !(regionProblems.length > 0 && p.startsWith('ALLOWED_REGIONS')) && !p.startsWith('METRICS_PORT')));
  return problems;
}

/**
 * apps/provisioner's loadConfig. Imported at run time: the provisioner's tests use this
 * package's engines, so a static import would make the TypeScript projects reference each other.
 */
async function provisionerConfigProblems(env: NodeJS.ProcessEnv): Promise<string[]> {
  const modulePath = path.join(REPO_ROOT, 'apps', 'provisioner', 'src', 'config.ts');
  const { loadConfig } = (await import(modulePath)) as { loadConfig: (env: NodeJS.ProcessEnv) => unknown };
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return [...((error as { problems?: string[] }).problems ?? [(error as Error).message])];
  }
}

/** Settles the stack's configuration; throws StackConfigError naming every problem before anything starts. */
export async function planStack(base: NodeJS.ProcessEnv): Promise<StackPlan> {
  const env = withLocalDefaults(base);
  const problems = await configurationProblems(env);
  if (problems.length > 0) throw new StackConfigError(problems);

  const enginesGiven = configuredEndpoints(env) !== undefined;
  const queueGiven = Boolean(env.QUEUE_ROOT_URL);
  const needed: PortVariable[] = ['PORT', 'METRICS_PORT'];
  if (!queueGiven) needed.push('QUEUE_STAND_IN_PORT');
  if (!enginesGiven) needed.push('MOTO_PORT', 'DYNAMODB_PORT');

  const chosen = new Map<PortVariable, number>();
  const explicit = needed.filter((variable) => env[variable]);
  for (const variable of explicit) chosen.set(variable, parsePort(env[variable] ?? '') as number);
  const portProblems: string[] = [];
  for (const variable of explicit) {
    const port = chosen.get(variable) as number;
    const twin = explicit.find((other) => other !== variable && chosen.get(other) === port);
    if (twin && explicit.indexOf(twin) > explicit.indexOf(variable)) portProblems.push(`${variable} and ${twin} are both ${port}; each process needs its own port`);
    try {
      await assertPortFree(variable, port);
    } catch (error) {
      portProblems.push(error instanceof EngineStartError ? error.message : String(error));
    }
  }
  if (portProblems.length > 0) throw new StackConfigError(portProblems);
  for (const variable of needed) if (!chosen.has(variable)) chosen.set(variable, await freePort());
  for (const [variable, port] of chosen) env[variable] = String(port);

  const api = chosen.get('PORT') as number;
  const rootUrl = env.PUBLIC_URL ?? `http://127.0.0.1:${api}`;
  env.PUBLIC_URL = rootUrl;
  env.PROVISIONER_BASE_URL ??= `${rootUrl}/api/aws-provisioner/v1`;
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
