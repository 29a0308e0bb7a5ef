import { DescribeInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { decodeUserData } from '@spot-provisioner/launch-spec';
import { CapacityError, Ec2Error } from '@spot-provisioner/ec2-gateway';
import type { RunInstanceRequest } from '../src/ec2/port';
import { harnessForEachTest, wrapPort } from './support/harness';

describe('capacity errors and failures stay contained', () => {
  const h = harnessForEachTest('isolation');

  it('moves a launch refused for lack of capacity to the next pool in the same iteration', async () => {
    await h.createWorkerType('builder', { regions: [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }] });
    h.setPending('builder', 2);
    const attempts: string[] = [];
    // moto always has capacity; this port makes the cheapest pool (us-east-1d) refuse
    const ec2 = wrapPort(h.ec2, {
      runInstance: async (request: RunInstanceRequest) => {
        attempts.push(request.availabilityZone);
        if (request.availabilityZone === 'us-east-1d') {
          throw new CapacityError('InsufficientInstanceCapacity', 'no m5.large capacity in us-east-1d');
        }
        return h.ec2.runInstance(request);
      },
    });
    const provisioner = h.provisioner({ ec2 });

    const report = await provisioner.iterate();

    expect(report.launches).toBe(2);
    expect(report.errors).toBe(0);
    const zones = (await h.liveInstances('builder')).map((i) => i.Placement?.AvailabilityZone);
    // next cheapest m5.large pool of us-east-1 in the recorded prices
    expect(zones).toEqual(['us-east-1a', 'us-east-1a']);
    expect(attempts.filter((zone) => zone === 'us-east-1d')).toHaveLength(1);
    expect(provisioner.pools.current()).toEqual([
      expect.objectContaining({ region: 'us-east-1', availabilityZone: 'us-east-1d', instanceType: 'm5.large', market: 'spot' }),
    ]);

    // the refusing pool is avoided on the next iteration too
    h.setPending('builder', 1);
    await provisioner.iterate();
    expect(attempts.filter((zone) => zone === 'us-east-1d')).toHaveLength(1);
  });

  it('falls back to on-demand when no spot pool is usable and the worker type allows it', async () => {
    await h.createWorkerType('flexible', {
      canUseOndemand: true,
      regions: [{ region: 'us-west-2', launchSpec: { ImageId: h.amis['us-west-2'] as string }, secrets: {}, userData: {}, scopes: [] }],
    });
    h.setPending('flexible', 1);
    const ec2 = wrapPort(h.ec2, {
      runInstance: async (request: RunInstanceRequest) => {
        if (request.market === 'spot') throw new CapacityError('MaxSpotInstanceCountExceeded', 'spot limit reached');
        return h.ec2.runInstance(request);
      },
    });
    const provisioner = h.provisioner({ ec2, onDemandPrices: [{ region: 'us-west-2', instanceType: 'm5.large', price: 0.096 }] });

    const report = await provisioner.iterate();

    expect(report.launches).toBe(1);
    const [instance] = await h.liveInstances('flexible');
    expect(instance?.InstanceLifecycle).toBeUndefined();
  });

  it('skips a worker type whose queue fails or whose AMI is unknown, and launches for the others', async () => {
    await h.createWorkerType('queue-down');
    await h.createWorkerType('bad-ami', {
      regions: [{ region: 'us-east-1', launchSpec: { ImageId: 'ami-00000000deadbeef0' }, secrets: {}, userData: {}, scopes: [] }],
    });
    await h.createWorkerType('healthy');
    h.queue.setFailure(h.provisionerId, 'queue-down', 503);
    h.setPending('bad-ami', 2);
    h.setPending('healthy', 2);
    // moto launches any AMI id; real EC2 refuses unknown ones like this
    const ec2 = wrapPort(h.ec2, {
      runInstance: async (request: RunInstanceRequest) => {
        if (request.launchSpec.ImageId === 'ami-00000000deadbeef0') {
          throw new Ec2Error('RunInstances', 'InvalidAMIID.NotFound', "The image id '[ami-00000000deadbeef0]' does not exist");
        }
        return h.ec2.runInstance(request);
      },
    });

    const report = await h.provisioner({ ec2 }).iterate();

    expect(report.failedWorkerTypes.sort()).toEqual(['bad-ami', 'queue-down']);
    expect(report.launches).toBe(2);
    expect(await h.liveInstances('healthy')).toHaveLength(2);
    expect(await h.liveInstances('bad-ami')).toHaveLength(0);
    // a failed launch leaves no tracked launch behind
    expect((await h.repos.launches.listAll(new Date(h.clock.now()))).map((l) => l.workerType)).toEqual(['healthy', 'healthy']);
  });

  it('keeps the token and the tracked launch when RunInstances fails without a clear answer', async () => {
    await h.createWorkerType('builder', { regions: [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }] });
    h.setPending('builder', 1);
    // EC2 launched the instance but the answer was lost (a 5xx or a dropped connection)
    const ec2 = wrapPort(h.ec2, {
      runInstance: async (request: RunInstanceRequest) => {
        await h.ec2.runInstance(request);
        throw new Ec2Error('RunInstances', 'InternalError', 'We encountered an internal error', 'unknown');
      },
    });

    const report = await h.provisioner({ ec2 }).iterate();

    expect(report.failedWorkerTypes).toEqual(['builder']);
    const [instance] = await h.liveInstances('builder');
    const attribute = await h
      .ec2Client('us-east-1')
      .send(new DescribeInstanceAttributeCommand({ InstanceId: instance!.InstanceId, Attribute: 'userData' }));
    const token = decodeUserData(attribute.UserData?.Value ?? '').securityToken as string;
    // the instance can still boot and fetch its secret, and its capacity stays counted
    expect(await h.repos.secrets.get(token, new Date(h.clock.now()))).not.toBeNull();
    expect(await h.repos.launches.listAll(new Date(h.clock.now()))).toHaveLength(1);

    // the next iteration recognises the instance by its ClientToken and retires the record
    h.setPending('builder', 0);
    await h.provisioner().iterate();
    expect(await h.repos.launches.listAll(new Date(h.clock.now()))).toEqual([]);
    expect(await h.liveInstances('builder')).toHaveLength(1);
  });

  it('withdraws the token and the tracked launch when EC2 refuses the launch', async () => {
    await h.createWorkerType('builder', { regions: [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }] });
    h.setPending('builder', 1);
    const tokens: string[] = [];
    const ec2 = wrapPort(h.ec2, {
      runInstance: async (request: RunInstanceRequest) => {
        tokens.push(decodeUserData(request.userData).securityToken as string);
        throw new Ec2Error('RunInstances', 'InvalidParameterValue', 'Invalid value for BlockDeviceMappings', 'refused');
      },
    });

    await h.provisioner({ ec2 }).iterate();

    expect(tokens).toHaveLength(1);
    expect(await h.repos.secrets.get(tokens[0] as string, new Date(h.clock.now()))).toBeNull();
    expect(await h.repos.launches.listAll(new Date(h.clock.now()))).toEqual([]);
    expect(await h.liveInstances('builder')).toHaveLength(0);
  });

  it('goes on in the other regions when one region fails', async () => {
    await h.createWorkerType('east-only', {
      regions: [{ region: 'us-east-1', launchSpec: { ImageId: h.amis['us-east-1'] as string }, secrets: {}, userData: {}, scopes: [] }],
    });
    await h.createWorkerType('both');
    h.setPending('east-only', 1);
    h.setPending('both', 1);
    const ec2 = wrapPort(h.ec2, {
      describeInstances: async (region, owner) => {
        if (region === 'us-west-2') throw new Ec2Error('DescribeInstances', 'ServiceUnavailable', 'region down');
        return h.ec2.describeInstances(region, owner);
      },
    });

    const report = await h.provisioner({ ec2 }).iterate();

    expect(report.failedRegions).toEqual(['us-west-2']);
    expect(await h.liveInstances('east-only')).toHaveLength(1);
    // capacity of 'both' is unknown while us-west-2 cannot be described: no blind launches
    expect(await h.liveInstances('both')).toHaveLength(0);
    expect(await h.repos.workerState.get('east-only')).not.toBeNull();
  });
});
