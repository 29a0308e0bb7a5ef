/** Test helpers: the local stack run as a user runs it (scripts/start-local.sh), in its own process group. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../engines';
import { ENV_FILE_VARIABLES, SOURCED_MARKER } from './env-file';

export const START_LOCAL = path.join(REPO_ROOT, 'scripts', 'start-local.sh');
export const BANNER = 'spot-provisioner is running locally';

/** The environment of a fresh shell: none of the test run's engines, ports or credentials. */
export function freshShellEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    ...ENV_FILE_VARIABLES,
    SOURCED_MARKER,
    'AWS_ENDPOINT_URL',
    'AWS_SESSION_TOKEN',
    'PORT',
    'METRICS_PORT',
    'QUEUE_STAND_IN_PORT',
    'MOTO_PORT',
    'DYNAMODB_PORT',
    'PUBLIC_URL',
    'ROOT_ACCESS_TOKEN',
    'TASKCLUSTER_CERTIFICATE',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export interface RunningStack {
  readonly process: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the banner is printed; rejects if the stack exits first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
}

/** Starts scripts/start-local.sh as the leader of a new process group (its pid is the group id). */
export function startStack(env: NodeJS.ProcessEnv): RunningStack {
  const child = spawn('bash', [START_LOCAL], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(BANNER)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`the stack exited (code ${code}) before its banner:\n${text.slice(-3000)}`)));
  });
  ready.catch(() => undefined);
  return { process: child, output: () => text, ready, exited };
}

/** Live (not zombie) processes whose process group is `pgid`. */
export function processesInGroup(pgid: number): Array<{ pid: number; command: string }> {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid && !(m[3] ?? '').startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), command: m[4] ?? '' }));
}

export async function waitForEmptyGroup(pgid: number, timeoutMs: number): Promise<Array<{ pid: number; command: string }>> {
  const deadline = Date.now() + timeoutMs;
  let left = processesInGroup(pgid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = processesInGroup(pgid);
  }
  return left;
}

/** Whether nothing listens on the loopback port any more, waiting up to `timeoutMs`. */
export async function waitForClosedPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  while (await listening()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

/** Safety net for a failed test: nothing of the group survives the test file. */
export function killGroup(pgid: number | undefined): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}
