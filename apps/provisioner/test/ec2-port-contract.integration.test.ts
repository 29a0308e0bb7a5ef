/**
 * The EC2 port's contract, held by both of its implementations: the adapter over the AWS SDK
 * (against moto) and the in-memory fake the daemon's fast tests and the simulator run on. The
 * same cases run against each, so the fake cannot drift from what the daemon sees of EC2.
 * Each case uses an owner of its own, so cases never see each other's resources.
 */
import { randomBytes } from 'node:crypto';
import { EC2Client, RegisterImageCommand, RequestSpotInstancesCommand } from '@aws-sdk/client-ec2';
import { eachFile, TestClock } from '@spot-provisioner/testing';
import { Ec2Adapter } from '../src/ec2/adapter';
import { FakeEc2 } from '../src/ec2/fake-ec2';
import { launchTags, type Ec2Port, type RunInstanceRequest } from '../src/ec2/port';

const REGIONS = ['us-east-1', 'us-west-2'] as const;
type Region = (typeof REGIONS)[number];
/** moto's zones of the two regions, which the fake is given. */
const ZONES: Record<Region, string[]> = { 'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'], 'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'] };
/** The launch times both report are the real clock's (moto's) or the injected one, set to it. */
const LAUNCH_TIME_TOLERANCE_MS = 60_000;

interface Subject {
  readonly port: Ec2Port;
  /** An AMI the implementation launches from, per region. */
  readonly images: Record<Region, string>;
  /** A spot request carrying the owner's tags, however the implementation makes one. */
  seedSpotRequest(region: Region, owner: string): Promise<string>;
  reset(): void;
  close(): void;
}

async function adapterOnMoto(): Promise<Subject> {
  const clients = Object.fromEntries(REGIONS.map((region) => [region, new EC2Client({ region })])) as Record<Region, EC2Client>;
  const images = {} as Record<Region, string>;
  for (const region of REGIONS) {
    const image = await clients[region].send(new RegisterImageCommand({ Name: `contract-${randomBytes(4).toString('hex')}-${region}`, RootDeviceName: '/dev/sda1' }));
    images[region] = image.ImageId as string;
  }
  const port = new Ec2Adapter({ sleep: async () => undefined });
  return {
    port,
    images,
    seedSpotRequest: async (region, owner) => {
      const tags = Object.entries(launchTags(owner, 'contract')).map(([Key, Value]) => ({ Key, Value }));
      const result = await clients[region].send(
        new RequestSpotInstancesCommand({
          SpotPrice: '0.5',
          InstanceCount: 1,
          LaunchSpecification: { ImageId: images[region], InstanceType: 'm5.large' },
          TagSpecifications: [{ ResourceType: 'spot-instances-request', Tags: tags }],
        }),
      );
      return result.SpotInstanceRequests?.[0]?.SpotInstanceRequestId as string;
    },
    reset: () => undefined, // each case has its own owner
    close: () => {
      port.destroy();
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}

async function fake(): Promise<Subject> {
  const clock = new TestClock();
  // a price per pool of three types in every zone, as EC2 has them for every type it offers
  const spotPrices = (region: string) =>
    ZONES[region as Region].flatMap((zone) =>
      ['m5.large', 'c5.large', 'r5.large'].map((type) => ({ AvailabilityZone: zone, InstanceType: type, ProductDescription: 'Linux/UNIX', SpotPrice: '0.05', Timestamp: new Date(clock.now()) })),
    );
  const ec2 = new FakeEc2({ clock, zones: ZONES, spotPrices });
  return {
    port: ec2,
    images: { 'us-east-1': 'ami-0000000000000east', 'us-west-2': 'ami-0000000000000west' },
    seedSpotRequest: async (region, owner) => ec2.addSpotRequest({ region, owner, state: 'open', workerTypeTag: launchTags(owner, 'contract').WorkerType }).requestId,
    reset: () => ec2.reset(),
    close: () => undefined,
  };
}

describe.each([
  ['the adapter on moto', adapterOnMoto],
  ['the in-memory fake', fake],
])('the EC2 port: %s', (_name, start) => {
  const subject = eachFile(start, (s) => s.close(), (s) => s.reset());
  const newOwner = () => `contract-${randomBytes(4).toString('hex')}`;

  const launch = (owner: string, overrides: Partial<RunInstanceRequest> = {}): Promise<{ instanceId: string }> =>
    subject.port.runInstance({
      region: 'us-east-1',
      availabilityZone: 'us-east-1b',
      instanceType: 'm5.large',
      market: 'spot',
      maxPrice: 0.5,
      launchSpec: { ImageId: subject.images['us-east-1'] },
      userData: Buffer.from('{}').toString('base64'),
      tags: launchTags(owner, 'builder'),
      clientToken: randomBytes(8).toString('hex'),
      keyName: undefined,
      ...overrides,
    });

  it('lists a launched instance under its owner, in its region only, as the launch asked for it', async () => {
    const owner = newOwner();
    const { instanceId } = await launch(owner);
    const onDemand = await launch(owner, { market: 'on-demand', maxPrice: undefined, instanceType: 'c5.large', availabilityZone: 'us-east-1c' });

    const listed = await subject.port.describeInstances('us-east-1', owner);
    expect(listed.map((i) => i.instanceId).sort()).toEqual([instanceId, onDemand.instanceId].sort());
    const spot = listed.find((i) => i.instanceId === instanceId);
    expect(spot).toMatchObject({
      region: 'us-east-1',
      availabilityZone: 'us-east-1b',
      instanceType: 'm5.large',
      market: 'spot',
      imageId: subject.images['us-east-1'],
      workerTypeTag: `${owner}/builder`,
      interruption: undefined,
    });
    expect(['pending', 'running']).toContain(spot?.state);
    expect(Math.abs((spot?.launchTime ?? 0) - Date.now())).toBeLessThan(LAUNCH_TIME_TOLERANCE_MS);
    expect(listed.find((i) => i.instanceId === onDemand.instanceId)).toMatchObject({ market: 'on-demand', instanceType: 'c5.large', availabilityZone: 'us-east-1c' });

    expect(await subject.port.describeInstances('us-east-1', newOwner())).toEqual([]);
    expect(await subject.port.describeInstances('us-west-2', owner)).toEqual([]);
  });

  it('no longer lists an instance once it is terminated', async () => {
    const owner = newOwner();
    const [kept, ended] = [await launch(owner), await launch(owner)];
    await subject.port.terminateInstances('us-east-1', [ended!.instanceId]);
    expect((await subject.port.describeInstances('us-east-1', owner)).map((i) => i.instanceId)).toEqual([kept!.instanceId]);
  });

  it('shows a tag added after launch (the interruption mark), on that instance only', async () => {
    const owner = newOwner();
    const [marked, other] = [await launch(owner), await launch(owner)];
    await subject.port.tagInstances('us-east-1', [marked!.instanceId], { Interruption: 'spot-interruption@2026-11-23T10:00:00.000Z' });
    const listed = await subject.port.describeInstances('us-east-1', owner);
    expect(listed.find((i) => i.instanceId === marked!.instanceId)?.interruption).toBe('spot-interruption@2026-11-23T10:00:00.000Z');
    expect(listed.find((i) => i.instanceId === other!.instanceId)?.interruption).toBeUndefined();
  });

  it('gives the spot prices of the instance types asked for, in the region asked, and none when none are asked', async () => {
    const since = new Date(Date.now() - 30 * 60_000);
    const items = await subject.port.describeSpotPriceHistory('us-west-2', since, ['m5.large', 'c5.large']);
    expect(new Set(items.map((item) => item.InstanceType))).toEqual(new Set(['m5.large', 'c5.large']));
    expect(items.every((item) => item.AvailabilityZone?.startsWith('us-west-2'))).toBe(true);
    expect(await subject.port.describeSpotPriceHistory('us-west-2', since, [])).toEqual([]);
  });

  it("lists an owner's spot requests, and no longer once cancelled", async () => {
    const owner = newOwner();
    const requestId = await subject.seedSpotRequest('us-west-2', owner);
    const listed = await subject.port.describeSpotRequests('us-west-2', owner);
    expect(listed.map((r) => r.requestId)).toEqual([requestId]);
    expect(listed[0]).toMatchObject({ region: 'us-west-2', workerTypeTag: `${owner}/contract` });
    expect(['open', 'active']).toContain(listed[0]?.state);
    expect(await subject.port.describeSpotRequests('us-east-1', owner)).toEqual([]);

    await subject.port.cancelSpotRequests('us-west-2', [requestId]);
    expect(await subject.port.describeSpotRequests('us-west-2', owner)).toEqual([]);
  });

  it("names each region's available zones", async () => {
    for (const region of REGIONS) {
      const zones = await subject.port.describeAvailabilityZones(region);
      expect(zones.length).toBeGreaterThan(0);
      expect(zones.every((zone) => zone.startsWith(region))).toBe(true);
    }
  });

  it('knows a key pair once it is imported, in that region only', async () => {
    const name = `contract-key-${randomBytes(4).toString('hex')}`;
    expect(await subject.port.keyPairExists('us-west-2', name)).toBe(false);
    await subject.port.importKeyPair('us-west-2', name, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7yQ8N5o7a7g1QxV1Fv7s3vC0m0l2r8p8mW4yq7vXhQ contract');
    expect(await subject.port.keyPairExists('us-west-2', name)).toBe(true);
    expect(await subject.port.keyPairExists('us-east-1', name)).toBe(false);
  });
});

describe('the in-memory fake, beyond the contract', () => {
  const clock = new TestClock(Date.parse('2026-11-23T10:00:00Z'));
  const ec2 = new FakeEc2({ clock, zones: ZONES });
  const request = (overrides: Partial<RunInstanceRequest> = {}): RunInstanceRequest => ({
    region: 'us-east-1',
    availabilityZone: 'us-east-1a',
    instanceType: 'm5.large',
    market: 'spot',
    maxPrice: 0.5,
    launchSpec: { ImageId: 'ami-0123456789abcdef0' },
    userData: '',
    tags: launchTags('prov', 'builder'),
    clientToken: 'token-1',
    keyName: undefined,
    ...overrides,
  });
  beforeEach(() => ec2.reset());

  it('launches once per client token, as EC2 does for a retried RunInstances', async () => {
    const first = await ec2.runInstance(request());
    expect(await ec2.runInstance(request())).toEqual(first);
    expect((await ec2.describeInstances('us-east-1', 'prov')).map((i) => i.instanceId)).toEqual([first.instanceId]);
    expect(ec2.launches).toBe(1);
  });

  it('refuses launches in a pool it is told to, and fails the next call it is told to', async () => {
    ec2.refuse({ availabilityZone: 'us-east-1a', instanceType: 'm5.large' });
    await expect(ec2.runInstance(request())).rejects.toMatchObject({ name: 'CapacityError', code: 'InsufficientInstanceCapacity' });
    await expect(ec2.runInstance(request({ availabilityZone: 'us-east-1b', clientToken: 'token-2' }))).resolves.toMatchObject({ instanceId: expect.any(String) });
    ec2.failNext('describeInstances');
    await expect(ec2.describeInstances('us-east-1', 'prov')).rejects.toMatchObject({ name: 'Ec2Error', outcome: 'unknown' });
    expect(await ec2.describeInstances('us-east-1', 'prov')).toHaveLength(1);
  });

  it('records every call, and forgets everything on reset', async () => {
    await ec2.runInstance(request());
    await ec2.describeInstances('us-west-2', 'prov');
    ec2.refuse({});
    expect(ec2.calls).toEqual([
      { operation: 'runInstance', region: 'us-east-1' },
      { operation: 'describeInstances', region: 'us-west-2' },
    ]);
    ec2.reset();
    expect(ec2.calls).toEqual([]);
    expect(ec2.instances.size).toBe(0);
    await expect(ec2.runInstance(request())).resolves.toEqual({ instanceId: 'i-00000000000000001', spotRequestId: undefined });
  });
});
