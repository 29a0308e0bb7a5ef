import { randomBytes } from 'node:crypto';
import { EC2Client, RegisterImageCommand, RequestSpotInstancesCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { TEST_REGION, TestClock } from '@spot-provisioner/testing';
import { Ec2Adapter, THROTTLE_BASE_DELAY_MS, THROTTLE_MAX_ATTEMPTS } from '../src/ec2/adapter';
import { Ec2CallCounter } from '../src/ec2/call-counter';
import { createEc2Client, Ec2Error, isEc2Error } from '@spot-provisioner/ec2-gateway';
import { KeyPairs, keyPairName } from '../src/ec2/key-pairs';
import { Ec2SpotPriceSource, SPOT_PRICE_CACHE_MS } from '../src/ec2/prices';
import { openSshPublicKey } from './support/ssh-key';

describe('the EC2 adapter against moto', () => {
  let client: EC2Client;
  let image: string;
  /** Each test's own owner tag: tests share the jest worker's moto without resetting it. */
  let OWNER: string;

  beforeEach(async () => {
    OWNER = `adapter-test-${randomBytes(4).toString('hex')}`;
    client = new EC2Client({ region: TEST_REGION });
    const images = await client.send(new RegisterImageCommand({ Name: OWNER, RootDeviceName: '/dev/sda1' }));
    image = images.ImageId as string;
  });
  afterEach(() => client.destroy());

  /** One reservation per instance, as the provisioner launches them (EC2 pages by reservation). */
  async function launchTagged(count: number, tags: Record<string, string>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = await client.send(
        new RunInstancesCommand({
          ImageId: image,
          InstanceType: 'm5.large',
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
        }),
      );
      ids.push(result.Instances?.[0]?.InstanceId as string);
    }
    return ids;
  }

  it('describes only live instances carrying the owner tag, following every page', async () => {
    const counter = new Ec2CallCounter();
    const adapter = new Ec2Adapter({ counter, pageSize: 5 });
    const ours = await launchTagged(12, { Owner: OWNER, WorkerType: `${OWNER}/wt` });
    await launchTagged(3, { Owner: 'someone-else' });
    await client.send(new TerminateInstancesCommand({ InstanceIds: ours.slice(0, 2) }));

    const described = await adapter.describeInstances(TEST_REGION, OWNER);

    expect(described.map((i) => i.instanceId).sort()).toEqual(ours.slice(2).sort());
    expect(described[0]).toMatchObject({ region: TEST_REGION, instanceType: 'm5.large', state: 'running', workerTypeTag: `${OWNER}/wt` });
    // ten live reservations in pages of five (moto ends with an empty third page or not)
    expect(counter.total('DescribeInstances')).toBeGreaterThanOrEqual(2);
    adapter.destroy();
  });

  it('describes the owner’s spot requests with their status', async () => {
    const adapter = new Ec2Adapter();
    await client.send(
      new RequestSpotInstancesCommand({
        SpotPrice: '0.2',
        InstanceCount: 1,
        LaunchSpecification: { ImageId: image, InstanceType: 'c5.large' },
        TagSpecifications: [{ ResourceType: 'spot-instances-request', Tags: [{ Key: 'Owner', Value: OWNER }, { Key: 'WorkerType', Value: `${OWNER}/wt` }] }],
      }),
    );
    const requests = await adapter.describeSpotRequests(TEST_REGION, OWNER);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ instanceType: 'c5.large', workerTypeTag: `${OWNER}/wt`, state: 'active' });
    expect(await adapter.describeSpotRequests(TEST_REGION, 'nobody')).toEqual([]);
    adapter.destroy();
  });

  it('retries RequestLimitExceeded with doubling backoff and counts each attempt', async () => {
    const sleeps: number[] = [];
    const counter = new Ec2CallCounter();
    let throttled = 0;
    const adapter = new Ec2Adapter({
      counter,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      clientFor: (region) => {
        const throttling = new EC2Client({ region, maxAttempts: 1 });
        throttling.middlewareStack.add(
          (next) => async (args) => {
            if (throttled < 2) {
              throttled += 1;
              throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
            }
            return next(args);
          },
          { step: 'initialize', name: 'throttleTwice' },
        );
        return throttling;
      },
    });
    const zones = await adapter.describeAvailabilityZones(TEST_REGION);
    expect(zones).toContain('us-east-1a');
    expect(sleeps).toEqual([THROTTLE_BASE_DELAY_MS, 2 * THROTTLE_BASE_DELAY_MS]);
    expect(counter.byOperation()).toEqual({
      'DescribeAvailabilityZones/RequestLimitExceeded': 2,
      'DescribeAvailabilityZones/success': 1,
    });
    adapter.destroy();
  });

  it('gives up on throttling after the last attempt with a typed error', async () => {
    const adapter = new Ec2Adapter({
      sleep: async () => undefined,
      clientFor: (region) => {
        const throttling = new EC2Client({ region, maxAttempts: 1 });
        throttling.middlewareStack.add(
          () => async () => {
            throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
          },
          { step: 'initialize', name: 'alwaysThrottle' },
        );
        return throttling;
      },
    });
    const failure = await adapter.describeAvailabilityZones(TEST_REGION).catch((err: unknown) => err);
    expect(isEc2Error(failure)).toBe(true);
    expect((failure as Ec2Error).code).toBe('RequestLimitExceeded');
    expect(adapter.counter.total()).toBe(THROTTLE_MAX_ATTEMPTS);
    adapter.destroy();
  });

  it('marks an error EC2 answered as refused, so nothing was changed', async () => {
    const adapter = new Ec2Adapter({ sleep: async () => undefined });
    // moto answers 400 InvalidInstanceID.NotFound, a client fault
    const failure = await adapter.terminateInstances(TEST_REGION, ['i-0123456789abcdef0']).catch((err: unknown) => err);
    expect(isEc2Error(failure)).toBe(true);
    expect((failure as Ec2Error).outcome).toBe('refused');
    adapter.destroy();
  });

  it('marks a server fault as outcome unknown: the call may have taken effect', async () => {
    const adapter = new Ec2Adapter({
      sleep: async () => undefined,
      clientFor: (region) => {
        const failing = new EC2Client({ region, maxAttempts: 1 });
        failing.middlewareStack.add(
          () => async () => {
            throw Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError', $fault: 'server' });
          },
          { step: 'initialize', name: 'alwaysFail' },
        );
        return failing;
      },
    });
    const failure = await adapter.describeAvailabilityZones(TEST_REGION).catch((err: unknown) => err);
    expect((failure as Ec2Error).code).toBe('InternalError');
    expect((failure as Ec2Error).outcome).toBe('unknown');
    adapter.destroy();
  });

  it('imports the instance key pair once per region under a name derived from the key', async () => {
    const adapter = new Ec2Adapter();
    const publicKey = openSshPublicKey();
    const keyPairs = new KeyPairs(adapter, 'prov', publicKey);
    expect(keyPairs.keyName).toBe(keyPairName('prov', publicKey));
    expect(keyPairs.keyName).toMatch(/^prov-[0-9a-f]{12}$/);

    await keyPairs.ensure('us-east-1');
    await keyPairs.ensure('us-east-1');
    await keyPairs.ensure('us-west-2');
    expect(adapter.counter.total('ImportKeyPair')).toBe(2);
    // a new daemon finds the pair already there and does not import it again
    const restarted = new KeyPairs(adapter, 'prov', publicKey);
    await restarted.ensure('us-east-1');
    expect(adapter.counter.total('ImportKeyPair')).toBe(2);
    expect(await adapter.keyPairExists('us-east-1', keyPairs.keyName)).toBe(true);
    adapter.destroy();
  });

  it('asks EC2 for the spot prices of the instance types asked, at most once per region within the cache period', async () => {
    const adapter = new Ec2Adapter({ clientFor: (region) => createEc2Client(region, { connectionTimeoutMs: 10_000, requestTimeoutMs: 100_000 }) });
    const clock = new TestClock(Date.now());
    const prices = new Ec2SpotPriceSource(adapter, clock);
    const first = await prices.history('us-east-1', ['m5.large', 'c5.xlarge']);
    expect(first.length).toBeGreaterThan(0);
    expect(new Set(first.map((item) => item.InstanceType))).toEqual(new Set(['m5.large', 'c5.xlarge']));
    await prices.history('us-east-1', ['c5.xlarge']);
    expect(adapter.counter.total('DescribeSpotPriceHistory')).toBe(1);
    // a type not asked before (a new worker type) is asked at once
    const widened = await prices.history('us-east-1', ['m5.large', 'r5.large']);
    expect(adapter.counter.total('DescribeSpotPriceHistory')).toBe(2);
    expect(new Set(widened.map((item) => item.InstanceType))).toEqual(new Set(['m5.large', 'r5.large']));
    clock.advance(SPOT_PRICE_CACHE_MS);
    await prices.history('us-east-1', ['m5.large']);
    expect(adapter.counter.total('DescribeSpotPriceHistory')).toBe(3);
    // no instance types (no worker type in the region): nothing to ask
    expect(await adapter.describeSpotPriceHistory('us-west-2', new Date(clock.now() - 60_000), [])).toEqual([]);
    expect(adapter.counter.total('DescribeSpotPriceHistory')).toBe(3);
    adapter.destroy();
  });
});
