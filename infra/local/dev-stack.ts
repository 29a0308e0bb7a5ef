/**
 * The whole system on one machine, for development: engines (unless endpoints are given),
 * tables, the queue stand-in (unless QUEUE_ROOT_URL is given), the API and the provisioner
 * daemon. The configuration is checked and every port settled before anything starts; the
 * banner comes only once every process is healthy; `.local/env` tells other shells how to
 * reach the stack; nothing it started outlives it, however it ends (see stack/watchdog.cjs).
 */
import path from 'node:path';
import { DEFAULT_TABLE_PREFIX } from '@spot-provisioner/model';
import { configuredEndpoints, engineEnvironment, REPO_ROOT, startEngines, type Engines } from './engines';
import { ensureTables } from './tables';
import { ensureInterruptionQueue } from './interruption-queue';
import { seedDemoWorkerType } from './demo-seed';
import { bannerLines } from './stack/banner';
import { planStack, StackConfigError, type StackPlan } from './stack/config';
import { envFileText, removeEnvFileIfOurs, withoutSourcedStackEnv, writeEnvFile } from './stack/env-file';
import { apiAnswers, ChildExitedError, daemonIterated, waitUntil } from './stack/readiness';
import { Supervisor, type ChildExit } from './stack/supervisor';

/**
 * The SDK warns on every start that Node 20 support ends in 2027; the local machine's Node is
 * given, so the notice is noise here (the container image runs Node 22).
 */
export const QUIET_SDK_ON_THIS_MACHINE = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** Exit codes: a configuration problem (nothing was started) differs from a failure while running. */
const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;

const started = Date.now();
let engines: Engines | undefined;
let stopping = false;
let outputClosed = false;
let envFileWritten: { file: string; text: string } | undefined;
let firstChildExit: ChildExit | undefined;
/** Set once the banner is printed: from then on a child's exit stops the stack. */
let banner = false;

function say(line: string): void {
  if (!outputClosed) process.stdout.write(`${line}\n`);
}

function step(label: string): void {
  say(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${label}`);
}

const supervisor = new Supervisor(say, (exit) => {
  firstChildExit ??= exit;
  if (banner) {
    // running: a process died; say which and stop the rest
    console.error(`[${exit.name}] exited (code ${exit.code}, signal ${exit.signal}); stopping the stack`);
    void shutdown(EXIT_FAILED);
  }
});

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('\nStopping the local stack...');
    // dependency order: the daemon and the API (the daemon releases its lease in DynamoDB), then the engines
    await supervisor.stopAll();
    await engines?.stop();
    if (envFileWritten) removeEnvFileIfOurs(envFileWritten.file, envFileWritten.text);
    supervisor.release();
  }
  process.exit(code);
}

async function start(plan: StackPlan): Promise<void> {
  const { env, ports } = plan;
  const watch = { failure: () => firstChildExit };

  let endpoints = configuredEndpoints(env);
  if (!endpoints) {
    step(`starting moto (EC2) on port ${ports.moto} and DynamoDB Local on port ${ports.dynamodb}`);
    // out of the terminal's process group: Ctrl-C must not stop DynamoDB before the daemon has released its lease
    engines = await startEngines({
      ...(ports.moto ? { motoPort: ports.moto } : {}),
      ...(ports.dynamodb ? { dynamodbPort: ports.dynamodb } : {}),
      ownProcessGroup: true,
    });
    for (const pid of engines.pids) supervisor.guard(pid);
    endpoints = { ec2: engines.ec2Endpoint, dynamodb: engines.dynamodbEndpoint };
    // In-process SDK clients (tables, demo seed) and the children all use the engines.
    Object.assign(process.env, engineEnvironment(engines));
    Object.assign(env, engineEnvironment(engines));
  }

  step(`creating the tables (prefix ${env.TABLE_PREFIX})`);
  await ensureTables(env.TABLE_PREFIX ?? DEFAULT_TABLE_PREFIX);
  // only in engines this stack started, unless one was given: never a queue in someone's real account
  if (engines && !env.INTERRUPTION_QUEUE_URL) {
    step('creating the interruption queue in moto');
    env.INTERRUPTION_QUEUE_URL = await ensureInterruptionQueue(env);
  }

  if (ports.queueStandIn) {
    step(`starting the queue stand-in on port ${ports.queueStandIn}`);
    supervisor.startNode('queue-stand-in', 'apps/provisioner/src/dev/queue-stand-in.ts', env);
  }
  step(`starting the API on port ${ports.api}`);
  supervisor.startNode('api', 'apps/api/src/main.ts', env);
  await waitUntil('the API', () => apiAnswers(env.PUBLIC_URL ?? ''), watch);

  // only on engines this stack started: never a demo worker type in someone's real account
  let demo: string | undefined;
  if (engines) {
    step('creating the demo worker type');
    demo = await seedDemoWorkerType({ env });
  }

  step(`starting the provisioner daemon (health on port ${ports.metrics}); waiting for its first iteration`);
  supervisor.startNode('provisioner', 'apps/provisioner/src/main.ts', env);
  await waitUntil("the daemon's first iteration", () => daemonIterated(`http://127.0.0.1:${ports.metrics}/health`), watch);

  const text = envFileText(
    {
      TASKCLUSTER_ROOT_URL: env.PUBLIC_URL,
      TASKCLUSTER_CLIENT_ID: env.ROOT_CLIENT_ID,
      TASKCLUSTER_ACCESS_TOKEN: env.ROOT_ACCESS_TOKEN,
      SECRETS_KEY: env.SECRETS_KEY,
      TABLE_PREFIX: env.TABLE_PREFIX,
      PROVISIONER_ID: env.PROVISIONER_ID,
      ALLOWED_REGIONS: env.ALLOWED_REGIONS,
      AWS_REGION: env.AWS_REGION ?? 'us-east-1',
      AWS_ENDPOINT_URL_EC2: endpoints.ec2,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: env.AWS_ENDPOINT_URL_SQS,
      AWS_ENDPOINT_URL_EVENTBRIDGE: env.AWS_ENDPOINT_URL_EVENTBRIDGE,
      INTERRUPTION_QUEUE_URL: env.INTERRUPTION_QUEUE_URL,
      AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
      QUEUE_ROOT_URL: env.QUEUE_ROOT_URL,
    },
    plan.envFile,
  );
  writeEnvFile(plan.envFile, text);
  envFileWritten = { file: plan.envFile, text };

  banner = true;
  const relative = path.relative(process.cwd(), plan.envFile);
  say(
    bannerLines({
      plan,
      ec2Endpoint: endpoints.ec2,
      dynamodbEndpoint: endpoints.dynamodb,
      demoWorkerType: demo,
      envFileShown: relative.startsWith('..') ? plan.envFile : relative,
      startedInSeconds: (Date.now() - started) / 1000,
    }).join('\n'),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    say('Usage: scripts/start-local.sh   (scripts/start-local.sh --help lists the variables it reads)');
    process.exit(0);
  }
  if (args.length > 0) {
    console.error(`unexpected arguments: ${args.join(' ')}\nUsage: scripts/start-local.sh [--help]`);
    process.exit(EXIT_CONFIG);
  }
  // Ctrl-C and `timeout` signal the whole process group, so a signal may come twice: the
  // first starts the stop, repeats are ignored rather than killing the stack halfway.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  // Output piped into `head` that has closed: nobody reads any more, so stop everything.
  process.stdout.on('error', () => {
    outputClosed = true;
    void shutdown(0);
  });
  // However this process ends, nothing it started may outlive it (the watchdog covers SIGKILL).
  process.on('exit', () => supervisor.killAllNow());

  const { env: base, dropped, kept } = withoutSourcedStackEnv(process.env);
  if (dropped.length > 0) say(`This shell sourced an earlier stack's env file; ignoring its ${dropped.join(', ')}.`);
  if (kept.length > 0) say(`Keeping ${kept.join(', ')} as set in this shell after sourcing that file.`);
  let plan: StackPlan;
  try {
    plan = await planStack({ ...base, ...QUIET_SDK_ON_THIS_MACHINE });
  } catch (error) {
    if (!(error instanceof StackConfigError)) throw error;
    console.error(error.message);
    supervisor.release();
    process.exit(EXIT_CONFIG);
  }
  Object.assign(process.env, QUIET_SDK_ON_THIS_MACHINE);
  process.chdir(REPO_ROOT);
  await start(plan);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof ChildExitedError || error instanceof Error ? error.message : error);
  await shutdown(EXIT_FAILED);
});
