/** The operator's fleet helper through its real entry point, against the queue stand-in. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startQueueStandIn, type QueueStandIn } from '../src/dev/queue-stand-in';

const ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.join(ROOT, 'apps/provisioner/src/dev/fleet-cli.ts');

function fleet(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // `node --import tsx`: the loader of `pnpm fleet` (tsx), in one process instead of two
    execFile(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('fleet: playing workers by hand against the queue stand-in', () => {
  let standIn: QueueStandIn;
  beforeAll(async () => {
    standIn = await startQueueStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });

  it('registers a worker, gives it a task, resolves it, and refuses a quarantined worker a claim', async () => {
    const env = { QUEUE_ROOT_URL: standIn.rootUrl, PROVISIONER_ID: 'prov' };
    expect(await fleet(['register', 'builder', 'us-east-1', 'i-0abc'], env)).toMatchObject({ code: 0 });
    const claim = await fleet(['claim', 'builder', 'us-east-1', 'i-0abc'], env);
    expect(claim.code).toBe(0);
    const taskId = claim.stdout.split(' ')[0]!;
    expect(standIn.state.task(taskId)?.runs[0]?.state).toBe('running');
    const resolved = await fleet(['resolve', taskId], env);
    expect(resolved).toMatchObject({ code: 0, stdout: `${taskId} run 0 completed\n` });

    standIn.state.quarantine('prov', 'builder', 'us-east-1', 'i-0abc', Date.now() + 600_000);
    const refused = await fleet(['claim', 'builder', 'us-east-1', 'i-0abc'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/409 WorkerQuarantined: worker us-east-1\/i-0abc is quarantined/);
    const listed = await fleet(['workers', 'builder'], env);
    expect(listed.stdout).toMatch(new RegExp(`us-east-1/i-0abc first claim .* latest ${taskId}/0 quarantined until`));
  });

  it('exits 2 with the usage on a bad command, and without QUEUE_ROOT_URL', async () => {
    const bad = await fleet(['claim', 'builder'], { QUEUE_ROOT_URL: standIn.rootUrl });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: fleet');
    expect((await fleet(['workers', 'builder'], {})).code).toBe(2);
  });
});
