/** The API under benchmark, in its own process exactly as main.ts starts it; its log drained as a log shipper reads it. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@spot-provisioner/infra';

/** The API under test gets this long to answer its first ping. */
const API_START_TIMEOUT_MS = 60_000;
export const API_PATH = '/api/aws-provisioner/v1';

export interface RunningApi {
  readonly baseUrl: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** BENCH_API_NODE_ARGS (space-separated) go to the API's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
export async function startApi(settings: { prefix: string; key: string; rootAccessToken: string; env?: NodeJS.ProcessEnv }): Promise<RunningApi> {
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, '..', 'src', 'main.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TABLE_PREFIX: settings.prefix,
      SECRETS_KEY: settings.key,
      ROOT_ACCESS_TOKEN: settings.rootAccessToken,
      LOG_LEVEL: 'info',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...settings.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-2000);
    if (process.env.BENCH_API_STDERR) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + API_START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up: ${errors}`);
    try {
      if ((await fetch(`${baseUrl}${API_PATH}/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not answer within ${API_START_TIMEOUT_MS} ms: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
