import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { engineEndpoints } from '@spot-provisioner/testing';
import { EngineStartError, freePort, javaProblem, REPO_ROOT, startMoto } from './engines';

/** A process is gone once /proc no longer lists it, or lists it as a zombie (dead, not yet reaped). */
function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('local engines', () => {
  it('serves EC2 from moto through the SDK endpoint variable', async () => {
    const ec2 = new EC2Client({ region: 'us-east-1' });
    const out = await ec2.send(new DescribeRegionsCommand({}));
    expect(out.Regions?.map((r) => r.RegionName)).toContain('us-west-2');
    expect(engineEndpoints().ec2).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves DynamoDB from DynamoDB Local through the SDK endpoint variable', async () => {
    const dynamo = new DynamoDBClient({ region: 'us-east-1' });
    const out = await dynamo.send(new ListTablesCommand({}));
    expect(Array.isArray(out.TableNames)).toBe(true);
  });

  it('refuses a port that is already taken, naming the port', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = startMoto(port);
      await expect(attempt).rejects.toBeInstanceOf(EngineStartError);
      await expect(attempt).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('ends an engine when the process that started it dies without stopping it', async () => {
    const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [tsx, path.join(__dirname, 'fixtures', 'crash-after-start.ts')], (_error, stdout) =>
        resolve(stdout),
      );
    });
    const pid = Number(/moto pid (\d+)/.exec(output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // SIGKILLed as its parent exits; gone once reaped (jest's timeout bounds the wait)
    while (processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processAlive(pid)).toBe(false);
  });

  it('names a missing Java as the cause instead of hanging', () => {
    expect(javaProblem({ ...process.env, PATH: '/nonexistent' })).toMatch(/java was not found on PATH/);
    expect(javaProblem()).toBeUndefined();
  });
});
