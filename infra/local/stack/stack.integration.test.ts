/**
 * The local stack as users run it: two side by side, used from another shell through its
 * env file, and gone without a trace when its runner is killed. Slow (each stack starts its
 * own engines), so one file with few, broad tests.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, REPO_ROOT } from '../engines';
import { freshShellEnv, killGroup, START_LOCAL, startStack, waitForClosedPort, waitForEmptyGroup, type RunningStack } from './stack-process';

/** Two cold stacks at once on a busy 2-core machine. */
const TWO_STACKS_TIMEOUT_MS = 300_000;
/** The watchdog's grace (3 s) and the children's own stop, with room for a loaded machine. */
const CLEANUP_TIMEOUT_MS = 30_000;

function shell(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: REPO_ROOT, env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the local stack', () => {
  const stacks: RunningStack[] = [];
  afterAll(() => {
    for (const stack of stacks) killGroup(stack.process.pid);
  });

  it('runs twice side by side with only PORT different, serves both CLIs through .local/env, and leaves no process behind when its runner is killed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stack-'));
    const [portA, portB] = [await freePort(), await freePort()];
    const envFileA = path.join(dir, 'a.env');
    const a = startStack(freshShellEnv({ PORT: String(portA), LOCAL_ENV_FILE: envFileA }));
    const b = startStack(freshShellEnv({ PORT: String(portB), LOCAL_ENV_FILE: path.join(dir, 'b.env') }));
    stacks.push(a, b);
    await Promise.all([a.ready, b.ready]);

    for (const [stack, port] of [[a, portA], [b, portB]] as const) {
      expect(stack.output()).toContain(`API:                http://127.0.0.1:${port}/api/aws-provisioner/v1/`);
      expect(stack.output()).toMatch(/the API answered its ping, the daemon's \/health is up and its first iteration finished/);
      expect(stack.output()).toMatch(/Provisioner health: http:\/\/127\.0\.0\.1:\d+\/health/);
      expect(stack.output()).toContain('source ');
      expect(stack.output()).toMatch(/^Interruption queue: http:\/\/127\.0\.0\.1:\d+\/\d+\/aws-provisioner-v1-interruptions$/m);
    }
    const metricsPort = (stack: RunningStack) => /Provisioner health: http:\/\/127\.0\.0\.1:(\d+)/.exec(stack.output())?.[1];
    expect(metricsPort(a)).not.toBe(metricsPort(b));
    expect(readFileSync(envFileA, 'utf8')).toContain(`export TASKCLUSTER_ROOT_URL='http://127.0.0.1:${portA}'`);
    expect(readFileSync(envFileA, 'utf8')).toMatch(/^export INTERRUPTION_QUEUE_URL='http:\/\/127\.0\.0\.1:\d+\/\d+\/aws-provisioner-v1-interruptions'$/m);

    // Another shell: source the env file, make a client with the clients CLI, use it with the worker-type CLI.
    const used = await shell(
      `set -e
       source '${envFileA}'
       created=$(node --import tsx apps/api/src/cli/clients.ts create ops/viewer --scope 'aws-provisioner:view-worker-type:*')
       export TASKCLUSTER_CLIENT_ID=ops/viewer
       export TASKCLUSTER_ACCESS_TOKEN=$(printf '%s\\n' "$created" | sed -n 's/^accessToken: //p')
       node apps/cli/bin/spot-provisioner.cjs get demo-linux -o json
       node apps/cli/bin/spot-provisioner.cjs decision demo-linux
       node apps/cli/bin/spot-provisioner.cjs history demo-linux --since 10m
       node apps/cli/bin/spot-provisioner.cjs ami ubuntu --limit 1`,
      freshShellEnv({}),
    );
    expect(used.stderr).toBe('');
    expect(used.code).toBe(0);
    expect(used.stdout).toContain('"workerType": "demo-linux"');
    // the daemon's first iteration is recorded: the banner waited for it
    expect(used.stdout).toMatch(/^demo-linux: met \(decided /m);
    expect(used.stdout).toMatch(/^TIME\s+PENDING TASKS/m);
    expect(used.stdout).toMatch(/^us-east-1\s+ami-\w+/m);

    const pgid = a.process.pid as number;
    const enginePorts = [/EC2 endpoint:\s+http:\/\/127\.0\.0\.1:(\d+)/, /DynamoDB endpoint:\s+http:\/\/127\.0\.0\.1:(\d+)/].map((pattern) => Number(pattern.exec(a.output())?.[1]));
    expect(enginePorts.every((port) => port > 0)).toBe(true);
    a.process.kill('SIGKILL');
    await a.exited;
    expect(await waitForEmptyGroup(pgid, CLEANUP_TIMEOUT_MS)).toEqual([]);
    // the engines run in groups of their own (Ctrl-C must not reach them first): the watchdog ends them too
    for (const port of enginePorts) expect(await waitForClosedPort(port, CLEANUP_TIMEOUT_MS)).toBe(true);

    // the other stack is unaffected, and stops cleanly on Ctrl-C
    const stillUp = await fetch(`http://127.0.0.1:${portB}/api/aws-provisioner/v1/ping`);
    expect(stillUp.ok).toBe(true);
    process.kill(-(b.process.pid as number), 'SIGINT');
    expect(await b.exited).toBe(0);
    // stopped in dependency order: the daemon released its lease while DynamoDB still ran
    expect(b.output()).toMatch(/\[provisioner\].*"lease released"/);
    expect(b.output()).not.toContain('releasing the lease failed');
    expect(await waitForEmptyGroup(b.process.pid as number, CLEANUP_TIMEOUT_MS)).toEqual([]);
  }, TWO_STACKS_TIMEOUT_MS + 2 * CLEANUP_TIMEOUT_MS);

  it('stops everything it started when the reader of its output goes away (start-local.sh | head -3)', async () => {
    const pipeline = spawn('bash', ['-c', `'${START_LOCAL}' | head -3`], { cwd: REPO_ROOT, env: freshShellEnv({ LOCAL_ENV_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'stack-')), 'env') }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    pipeline.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const pgid = pipeline.pid as number;
    try {
      await new Promise((resolve) => pipeline.once('exit', resolve));
      expect(out.split('\n').filter(Boolean)).toHaveLength(3);
      expect(await waitForEmptyGroup(pgid, CLEANUP_TIMEOUT_MS)).toEqual([]);
    } finally {
      killGroup(pgid);
    }
  }, 120_000);
});
