/**
 * The two scripts' front doors, run for real: --help does nothing else, and a configuration
 * problem stops the stack before anything starts, with one message naming the variable.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freePort, REPO_ROOT } from '../engines';
import { freshShellEnv, START_LOCAL } from './stack-process';

const TEST_SH = path.join(REPO_ROOT, 'scripts', 'test.sh');

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script, ...args], { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/start-local.sh and scripts/test.sh', () => {
  it('print their usage for --help and do nothing else', async () => {
    for (const script of [START_LOCAL, TEST_SH]) {
      const help = await run(script, ['--help'], freshShellEnv({}));
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(/^Usage: scripts\/(start-local|test)\.sh/);
      // no bootstrap step, stack step, pnpm script or jest summary line
      expect(help.stdout).not.toMatch(/^bootstrap \[|^\[\s*\d|^> |^jest: \d/m);
    }
  });

  it('refuse a taken PORT before starting anything', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = await run(START_LOCAL, [], freshShellEnv({ PORT: String(port) }));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`PORT: port ${port} on 127.0.0.1 is already in use; free it or choose another port`);
      expect(result.stdout).not.toMatch(/starting moto|running locally/);
    } finally {
      blocker.close();
    }
  });

  it('name a bad variable and its allowed values, with no misleading follow-up', async () => {
    const result = await run(START_LOCAL, [], freshShellEnv({ ALLOWED_REGIONS: 'mars-1', SECRETS_KEY: 'short' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ALLOWED_REGIONS: unknown region "mars-1".*allowed/);
    expect(result.stderr).toMatch(/SECRETS_KEY.*3 bytes/);
    expect(result.stdout + result.stderr).not.toMatch(/XML|did not answer|Stopping|starting moto/);
  });
});
