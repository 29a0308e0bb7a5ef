import net from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { engineEndpoints } from '@spot-provisioner/testing';
import { EngineStartError, freePort, javaProblem, startMoto } from './engines';

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

  it('names a missing Java as the cause instead of hanging', () => {
    expect(javaProblem({ ...process.env, PATH: '/nonexistent' })).toMatch(/java was not found on PATH/);
    expect(javaProblem()).toBeUndefined();
  });
});
