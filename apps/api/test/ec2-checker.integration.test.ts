import { CreateSecurityGroupCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { createEc2Client, INTERACTIVE_RETRY, isEc2Unavailable } from '@spot-provisioner/ec2-gateway';
import { engineEndpoints, resetMoto, startFaultProxy } from '@spot-provisioner/testing';
import { AwsEc2ReferenceChecker } from '../src';

describe('the EC2 reference checker against moto', () => {
  const checker = new AwsEc2ReferenceChecker();
  let imageId: string;

  beforeAll(async () => {
    await resetMoto();
    const ec2 = new EC2Client({ region: 'us-west-2' });
    imageId = (await ec2.send(new RegisterImageCommand({ Name: 'checker-ami', RootDeviceName: '/dev/xvda' }))).ImageId ?? '';
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'builders', Description: 'builders' }));
    ec2.destroy();
  });
  afterAll(() => checker.destroy());

  it('finds nothing missing when the AMI and the named groups exist in the region', async () => {
    await expect(checker.missingReferences('us-west-2', { imageIds: [imageId], securityGroupNames: ['builders', 'default'] })).resolves.toEqual([]);
  });

  it('names each missing AMI and security group', async () => {
    await expect(
      checker.missingReferences('us-west-2', { imageIds: [imageId, 'ami-0000000000000dead'], securityGroupNames: ['builders', 'ghosts'] }),
    ).resolves.toEqual([
      'us-west-2: AMI ami-0000000000000dead does not exist (or is not visible to this account)',
      'us-west-2: security group ghosts does not exist',
    ]);
  });

  it('looks only in the asked region', async () => {
    await expect(checker.missingReferences('eu-west-1', { imageIds: [imageId], securityGroupNames: ['builders'] })).resolves.toEqual([
      `eu-west-1: AMI ${imageId} does not exist (or is not visible to this account)`,
      'eu-west-1: security group builders does not exist',
    ]);
  });
});

describe('the EC2 reference checker when EC2 cannot serve it', () => {
  const refs = { imageIds: ['ami-0123456789abcdef0'], securityGroupNames: [] };

  it('reports lasting throttling as unavailable, with a Retry-After figure, after one short retry', async () => {
    let attempts = 0;
    const sleeps: number[] = [];
    const checker = new AwsEc2ReferenceChecker({
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      clientFor: (region) => {
        const client = new EC2Client({ region, maxAttempts: 1 });
        client.middlewareStack.add(
          () => async () => {
            attempts += 1;
            throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded', $fault: 'client' });
          },
          { step: 'initialize', name: 'alwaysThrottle' },
        );
        return client;
      },
    });
    const failure = await checker.missingReferences('us-west-2', refs).catch((err: unknown) => err);
    expect(failure).toMatchObject({ name: 'Ec2ThrottledError', kind: 'unavailable', retryAfterSeconds: 5, code: 'RequestLimitExceeded' });
    expect(attempts).toBe(INTERACTIVE_RETRY.maxAttempts);
    expect(sleeps).toEqual([INTERACTIVE_RETRY.baseDelayMs]);
    checker.destroy();
  });

  it('gives up on an EC2 that never answers within its timeout, as unavailable', async () => {
    const proxy = await startFaultProxy(engineEndpoints().ec2, 'hang');
    const checker = new AwsEc2ReferenceChecker({ clientFor: (region) => createEc2Client(region, { connectionTimeoutMs: 300, requestTimeoutMs: 800 }, proxy.url) });
    try {
      // The proxy never answers: an answer at all is the client's timeouts at work.
      const failure = await checker.missingReferences('us-west-2', refs).catch((err: unknown) => err);
      expect(isEc2Unavailable(failure)).toBe(true);
      expect(proxy.connections).toBeGreaterThan(0);
    } finally {
      checker.destroy();
      await proxy.close();
    }
  });
});
