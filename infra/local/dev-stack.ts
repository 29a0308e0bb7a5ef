/**
 * The whole system on one machine, for development: engines (unless endpoints are given),
 * tables, the API, the queue stand-in (unless QUEUE_ROOT_URL is given) and the provisioner
 * daemon. Prints where to look, streams each process's output with a prefix, and stops
 * everything it started on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  configuredEndpoints,
  engineEnvironment,
  freePort,
  REPO_ROOT,
  startEngines,
  type Engines,
} from './engines';
import { ensureTables } from './tables';
import { seedDemoWorkerType } from './demo-seed';

const TSX = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** How long the API may take to answer its first ping before the stack gives up. */
const API_READY_TIMEOUT_MS = 60_000;
const CHILD_STOP_GRACE_MS = 5_000;
/**
 * The SDK warns on every start that Node 20 support ends in 2027; the local machine's Node is
 * given, so the notice is noise here (the container image runs Node 22).
 */
export const QUIET_SDK_ON_THIS_MACHINE = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

interface Child {
  readonly name: string;
  readonly process: ChildProcess;
}

const children: Child[] = [];
let engines: Engines | undefined;
let stopping = false;

function startChild(name: string, entry: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [TSX, entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}]`.padEnd(16);
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`${prefix} ${line}`);
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${prefix} exited (code ${code}, signal ${signal}); stopping the stack`);
    void shutdown(1);
  });
  const entryChild = { name, process: child };
  children.push(entryChild);
  return entryChild;
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + API_READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer ${url} within ${API_READY_TIMEOUT_MS / 1000}s`);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping the local stack...');
    await Promise.all(
      children.map(
        ({ process: child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_GRACE_MS);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await engines?.stop();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  const logDir = path.join(REPO_ROOT, '.local', 'logs');
  mkdirSync(logDir, { recursive: true });

  let endpoints = configuredEndpoints();
  if (!endpoints) {
    engines = await startEngines();
    endpoints = { ec2: engines.ec2Endpoint, dynamodb: engines.dynamodbEndpoint };
    // In-process SDK clients (tables, demo seed) and the children all use the engines.
    Object.assign(process.env, engineEnvironment(engines));
  }
  Object.assign(process.env, QUIET_SDK_ON_THIS_MACHINE);
  const env: NodeJS.ProcessEnv = { ...process.env };

  // Safe local defaults; anything set in the environment wins.
  env.PORT ??= '5557';
  env.HOST ??= '127.0.0.1';
  env.TABLE_PREFIX ??= 'Provisioner';
  env.PROVISIONER_ID ??= 'aws-provisioner-v1';
  env.ALLOWED_REGIONS ??= 'us-east-1,us-west-2';
  env.ROOT_CLIENT_ID ??= 'root';
  env.ROOT_ACCESS_TOKEN ??= randomBytes(24).toString('base64url');
  env.SECRETS_KEY ??= randomBytes(32).toString('base64');
  env.ITERATION_SCHEDULE ??= '*/30 * * * * *';
  env.METRICS_PORT ??= '5558';
  const rootUrl = env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`;
  env.PUBLIC_URL = rootUrl;
  env.PROVISIONER_BASE_URL ??= `${rootUrl}/api/aws-provisioner/v1`;
  env.TASKCLUSTER_ROOT_URL ??= rootUrl;

  await ensureTables(env.TABLE_PREFIX);

  let queueStandIn: string | undefined;
  if (!env.QUEUE_ROOT_URL) {
    const port = env.QUEUE_STAND_IN_PORT ?? String(await freePort());
    env.QUEUE_STAND_IN_PORT = port;
    queueStandIn = `http://127.0.0.1:${port}`;
    env.QUEUE_ROOT_URL = queueStandIn;
    startChild('queue-stand-in', 'apps/provisioner/src/dev/queue-stand-in.ts', env);
  }

  startChild('api', 'apps/api/src/main.ts', env);
  await waitForPing(`${rootUrl}/api/aws-provisioner/v1/ping`);

  // only on engines this stack started: never a demo worker type in someone's real account
  const demo = engines ? await seedDemoWorkerType({ env }) : undefined;

  startChild('provisioner', 'apps/provisioner/src/main.ts', env);

  const lines = [
    '',
    'spot-provisioner is running locally.',
    `API:                ${rootUrl}/api/aws-provisioner/v1/`,
    `API docs:           ${rootUrl}/docs`,
    `OpenAPI document:   ${rootUrl}/api/aws-provisioner/v1/openapi.json`,
    `Provisioner health: http://127.0.0.1:${env.METRICS_PORT}/health  (metrics: /metrics)`,
    `EC2 endpoint: ${endpoints.ec2}`,
    `DynamoDB endpoint: ${endpoints.dynamodb}`,
    `Queue: ${env.QUEUE_ROOT_URL}${queueStandIn ? '  (development stand-in)' : ''}`,
    `Root client id: ${env.ROOT_CLIENT_ID}`,
    `Root access token: ${env.ROOT_ACCESS_TOKEN}  (development credentials)`,
    `Table prefix: ${env.TABLE_PREFIX}`,
  ];
  if (demo && queueStandIn) {
    lines.push(
      '',
      `A demo worker type "${demo}" exists. Ask for capacity with:`,
      `  curl -X PUT ${queueStandIn}/pending/${env.PROVISIONER_ID}/${demo} -H 'content-type: application/json' -d '{"pendingTasks":3}'`,
      `then watch ${rootUrl}/api/aws-provisioner/v1/state/${demo}`,
    );
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});
