/**
 * The whole system for the console's browser tests, as an operator runs it: tables under a
 * fresh prefix on the jest run's engines, the API (which serves the built console) on a
 * free port, the queue stand-in, the demo worker type, and the daemon on a fast schedule.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, REPO_ROOT } from '@spot-provisioner/infra';
import { seedDemoWorkerType } from '@spot-provisioner/infra/demo-seed';
import { ensureInterruptionQueue } from '@spot-provisioner/infra/interruption-queue';
import { ensureTables } from '@spot-provisioner/infra/tables';
import { startQueueStandIn, type QueueStandIn } from '@spot-provisioner/provisioner';
import { engineEndpoints, uniqueTablePrefix } from '@spot-provisioner/testing';

/** Every 2 s: the tests watch capacity move within an iteration or two. */
export const FAST_SCHEDULE = '*/2 * * * * *';
const FAST_PERIOD_MS = 2_000;
/** A cold tsx start on a busy 2-core machine takes seconds; beyond this the API is broken. */
const API_READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
export const PROVISIONER_ID = 'console-tests';

export interface Stack {
  readonly baseUrl: string;
  readonly rootClientId: string;
  readonly rootAccessToken: string;
  readonly queue: QueueStandIn;
  readonly demoWorkerType: string;
  readonly env: NodeJS.ProcessEnv;
  setPendingTasks(workerType: string, count: number): void;
  /** Resolves once the API reports the daemon healthy (it has iterated): on a loaded machine that takes a while, and no fixed wait is right. */
  daemonHealthy(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(label: string): Promise<Stack> {
  engineEndpoints(); // fails loudly when jest's global setup gave no engines
  const logDir = path.join(REPO_ROOT, '.local', 'logs');
  mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    TABLE_PREFIX: uniqueTablePrefix(label),
    PROVISIONER_ID,
    ALLOWED_REGIONS: 'us-east-1,us-west-2',
    ROOT_CLIENT_ID: 'root',
    ROOT_ACCESS_TOKEN: randomBytes(24).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    ITERATION_SCHEDULE: FAST_SCHEDULE,
    ITERATION_PERIOD_MS: String(FAST_PERIOD_MS),
    METRICS_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    // the daemon's queue credentials: scale-down writes (the stand-in here does not check them)
    TASKCLUSTER_CLIENT_ID: 'console-tests/provisioner',
    TASKCLUSTER_ACCESS_TOKEN: randomBytes(24).toString('base64url'),
  };
  await ensureTables(env.TABLE_PREFIX!);
  // the daemon reads an interruption queue (in moto), as the local stack's does: its decisions
  // show every weighed pool's learned interruption rate; the queue is named after the unique prefix
  env.INTERRUPTION_QUEUE_URL = await ensureInterruptionQueue({ ...env, PROVISIONER_ID: env.TABLE_PREFIX });
  const queue = await startQueueStandIn();
  env.QUEUE_ROOT_URL = queue.rootUrl;

  const children: ChildProcess[] = [];
  const start = (name: string, entry: string) => {
    const log = createWriteStream(path.join(logDir, `${label}-${name}.log`));
    // `node --import tsx`: the loader of `pnpm start` (tsx), in one process instead of two (as the local stack runs them)
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await queue.close();
  };

  try {
    start('api', 'apps/api/src/main.ts');
    await waitForPing(`${baseUrl}/api/aws-provisioner/v1/ping`);
    const demoWorkerType = await seedDemoWorkerType({ env });
    start('provisioner', 'apps/provisioner/src/main.ts');
    return {
      baseUrl,
      rootClientId: env.ROOT_CLIENT_ID!,
      rootAccessToken: env.ROOT_ACCESS_TOKEN!,
      queue,
      demoWorkerType,
      env,
      setPendingTasks: (workerType, count) => queue.setPending(PROVISIONER_ID, workerType, count),
      daemonHealthy: () => waitForHealthyDaemon(`${baseUrl}/api/aws-provisioner/v1/backend-status`),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + API_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not answer ${url} within ${API_READY_TIMEOUT_MS / 1000} s`);
}

/** Polls backendStatus until it says healthy; jest's test timeout bounds it. */
async function waitForHealthyDaemon(url: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok && ((await response.json()) as { status?: string }).status === 'healthy') return;
    } catch {
      // the API is busy; ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
