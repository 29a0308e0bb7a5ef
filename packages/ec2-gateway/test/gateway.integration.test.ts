import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { engineEndpoints, startFaultProxy, TEST_REGION, type FaultProxy } from '@spot-provisioner/testing';
import {
  CapacityError,
  collectPages,
  createEc2Client,
  DAEMON_RETRY,
  Ec2Gateway,
  Ec2ThrottledError,
  Ec2UnavailableError,
  EC2_CONNECTION_TIMEOUT_MS,
  EC2_REQUEST_TIMEOUT_MS,
  isEc2Throttled,
  isEc2Unavailable,
  translateEc2Failure,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from '../src';

const SHORT = { connectionTimeoutMs: 500, requestTimeoutMs: 800 };
const describeZones = (client: EC2Client) => client.send(new DescribeAvailabilityZonesCommand({}));

/** A client that answers RequestLimitExceeded to the first `times` calls. */
function throttlingClient(region: string, times: number): EC2Client {
  const client = new EC2Client({ region, maxAttempts: 1 });
  let throttled = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (throttled < times) {
        throttled += 1;
        throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded', $fault: 'client' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'throttle' },
  );
  return client;
}

describe('the EC2 gateway', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(engineEndpoints().ec2);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('gives up on an endpoint that accepts connections but never answers, as unavailable with an unknown outcome', async () => {
    proxy.mode = 'hang';
    const gateway = new Ec2Gateway({ clientFor: (region) => createEc2Client(region, SHORT, proxy.url) });
    // The proxy never answers: that the call ends at all is the request timeout at work.
    const failure = await gateway.call(TEST_REGION, 'DescribeAvailabilityZones', describeZones).catch((err: unknown) => err);
    expect(isEc2Unavailable(failure)).toBe(true);
    expect((failure as Ec2UnavailableError).outcome).toBe('unknown');
    expect(proxy.connections).toBeGreaterThan(0);
    gateway.destroy();
  });

  it('passes calls through while the endpoint answers', async () => {
    proxy.mode = 'pass';
    // generous: this checks passing through, not speed, and a loaded machine's fresh moto can take many seconds to answer first
    const gateway = new Ec2Gateway({ clientFor: (region) => createEc2Client(region, { connectionTimeoutMs: 10_000, requestTimeoutMs: 60_000 }, proxy.url) });
    const zones = await gateway.call(TEST_REGION, 'DescribeAvailabilityZones', describeZones);
    expect(zones.AvailabilityZones?.length).toBeGreaterThan(0);
    gateway.destroy();
  });

  it('turns a refused connection and a garbled answer into typed unavailable errors', async () => {
    const gateway = new Ec2Gateway({ clientFor: (region) => createEc2Client(region, SHORT, proxy.url) });
    for (const mode of ['refuse', 'garbage'] as const) {
      proxy.mode = mode;
      const failure = await gateway.call(TEST_REGION, 'DescribeAvailabilityZones', describeZones).catch((err: unknown) => err);
      expect(isEc2Unavailable(failure)).toBe(true);
    }
    proxy.mode = 'pass';
    gateway.destroy();
  });

  it('builds clients whose default timeouts are the named constants', async () => {
    const client = createEc2Client(TEST_REGION);
    const handler = client.config.requestHandler as unknown as { configProvider: Promise<{ requestTimeout: number; connectionTimeout: number }> };
    await expect(handler.configProvider).resolves.toMatchObject({
      requestTimeout: EC2_REQUEST_TIMEOUT_MS,
      connectionTimeout: EC2_CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    });
    client.destroy();
  });

  it('retries throttling with doubling backoff, then slows the next call to the region by the remembered pace', async () => {
    const sleeps: number[] = [];
    const outcomes: string[] = [];
    const gateway = new Ec2Gateway({
      clientFor: (region) => (region === TEST_REGION ? throttlingClient(region, 2) : new EC2Client({ region, maxAttempts: 1 })),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onCall: (_operation, outcome) => outcomes.push(outcome),
    });
    await gateway.call(TEST_REGION, 'DescribeAvailabilityZones', describeZones);
    expect(sleeps).toEqual([DAEMON_RETRY.baseDelayMs, 2 * DAEMON_RETRY.baseDelayMs]);
    expect(outcomes).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', 'success']);
    await gateway.call(TEST_REGION, 'DescribeAvailabilityZones', describeZones);
    // the pace halves after the success: the next call waits 1 s / 2 first
    expect(sleeps).toEqual([500, 1_000, 500]);
    await gateway.call('us-west-2', 'DescribeAvailabilityZones', describeZones);
    expect(sleeps).toHaveLength(3); // other regions keep their own pace
    gateway.destroy();
  });

  it('reports lasting throttling as Ec2ThrottledError: unavailable, with a Retry-After figure', async () => {
    const gateway = new Ec2Gateway({
      clientFor: (region) => throttlingClient(region, 100),
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const failure = await gateway.call(TEST_REGION, 'DescribeImages', describeZones).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Ec2ThrottledError);
    expect(isEc2Throttled(failure)).toBe(true);
    expect(failure).toMatchObject({ kind: 'unavailable', retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS, code: 'RequestLimitExceeded', outcome: 'refused' });
    gateway.destroy();
  });
});

describe('the EC2 error translation', () => {
  it('tells capacity, refusal and unknown outcome apart', () => {
    expect(translateEc2Failure('RunInstances', Object.assign(new Error('no room'), { name: 'InsufficientInstanceCapacity', $fault: 'client' }))).toBeInstanceOf(
      CapacityError,
    );
    const refused = translateEc2Failure('RunInstances', Object.assign(new Error('bad ami'), { name: 'InvalidAMIID.NotFound', $fault: 'client' }));
    expect(refused).toMatchObject({ outcome: 'refused', code: 'InvalidAMIID.NotFound' });
    expect(isEc2Unavailable(refused)).toBe(false);
    const unknown = translateEc2Failure('RunInstances', Object.assign(new Error('oops'), { name: 'InternalError', $fault: 'server' }));
    expect(unknown).toMatchObject({ outcome: 'unknown', kind: 'unavailable' });
  });
});

describe('collectPages', () => {
  it('follows every page, and stops when an endpoint repeats a token', async () => {
    const pages: Record<string, { items: number[]; nextToken: string | undefined }> = {
      start: { items: [1, 2], nextToken: 'a' },
      a: { items: [3], nextToken: 'b' },
      b: { items: [4], nextToken: '' },
    };
    await expect(collectPages(async (token) => pages[token ?? 'start'] as { items: number[]; nextToken: string | undefined })).resolves.toEqual([1, 2, 3, 4]);
    let calls = 0;
    const looping = await collectPages(async () => {
      calls += 1;
      return { items: [calls], nextToken: 'same' };
    });
    expect(looping).toEqual([1, 2]);
  });
});
