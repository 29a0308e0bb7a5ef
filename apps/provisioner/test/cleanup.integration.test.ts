import {
  DescribeInstancesCommand,
  DescribeSpotInstanceRequestsCommand,
  RequestSpotInstancesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { OwnedSpotRequest } from '../src/ec2/port';
import { harnessForEachTest, HOUR_MS, wrapPort } from './support/harness';

const MINUTE_MS = 60_000;

describe('cleanup', () => {
  const h = harnessForEachTest('cleanup');

  async function instanceState(region: string, instanceId: string): Promise<string | undefined> {
    const result = await h.ec2Client(region).send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return result.Reservations?.[0]?.Instances?.[0]?.State?.Name;
  }

  async function spotRequest(region: string, workerTypeTag: string): Promise<string> {
    const result = await h.ec2Client(region).send(
      new RequestSpotInstancesCommand({
        SpotPrice: '0.5',
        InstanceCount: 1,
        LaunchSpecification: { ImageId: h.amis[region], InstanceType: 'm5.large' },
        TagSpecifications: [
          {
            ResourceType: 'spot-instances-request',
            Tags: [
              { Key: 'Owner', Value: h.provisionerId },
              { Key: 'WorkerType', Value: workerTypeTag },
            ],
          },
        ],
      }),
    );
    return result.SpotInstanceRequests?.[0]?.SpotInstanceRequestId as string;
  }

  async function liveRequestIds(region: string): Promise<string[]> {
    const result = await h.ec2Client(region).send(new DescribeSpotInstanceRequestsCommand({}));
    return (result.SpotInstanceRequests ?? [])
      .filter((r) => r.State === 'open' || r.State === 'active')
      .map((r) => r.SpotInstanceRequestId as string);
  }

  it('terminates instances and cancels spot requests of a deleted worker type (rogues)', async () => {
    await h.createWorkerType('retired');
    h.setPending('retired', 2);
    const provisioner = h.provisioner();
    await provisioner.iterate();
    const launched = await h.liveInstances('retired');
    expect(launched).toHaveLength(2);
    const requestId = await spotRequest('us-east-1', `${h.provisionerId}/retired`);
    // someone else's instance, tagged with another provisioner's worker type: never touched
    const foreign = await h.ec2Client('us-east-1').send(
      new RunInstancesCommand({
        ImageId: h.amis['us-east-1'],
        InstanceType: 'm5.large',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Owner', Value: h.provisionerId }, { Key: 'WorkerType', Value: 'other/retired' }] }],
      }),
    );
    const foreignId = foreign.Instances?.[0]?.InstanceId as string;

    await h.repos.workerTypes.delete('retired');
    const report = await provisioner.iterate();

    expect(report.terminations).toBe(2);
    expect(report.cancellations).toBe(1);
    for (const instance of launched) expect(await instanceState(instance.region, instance.InstanceId as string)).toBe('terminated');
    expect(await liveRequestIds('us-east-1')).not.toContain(requestId);
    expect(await instanceState('us-east-1', foreignId)).toBe('running');

    // once nothing of it is left, its state snapshot and last decision are swept away (at most every 10 minutes)
    expect(await h.repos.workerState.get('retired')).not.toBeNull();
    expect(await h.repos.decisions.get('retired')).not.toBeNull();
    h.clock.advance(11 * MINUTE_MS);
    await provisioner.iterate();
    expect(await h.repos.workerState.get('retired')).toBeNull();
    expect(await h.repos.decisions.get('retired')).toBeNull();
  });

  it('terminates instances older than the maximum instance life (zombies) and replaces the capacity', async () => {
    await h.createWorkerType('steady', { minCapacity: 1 });
    h.setPending('steady', 0);
    const provisioner = h.provisioner();
    await provisioner.iterate();
    const [old] = await h.liveInstances('steady');

    h.clock.advance(95 * HOUR_MS);
    expect((await provisioner.iterate()).terminations).toBe(0);

    h.clock.advance(2 * HOUR_MS);
    const report = await provisioner.iterate();

    expect(report.terminations).toBe(1);
    expect(await instanceState(old!.region, old!.InstanceId as string)).toBe('terminated');
    // the zombie no longer counts, so min capacity is launched anew in the same iteration
    expect(report.launches).toBe(1);
    const live = await h.liveInstances('steady');
    expect(live.map((i) => i.InstanceId)).not.toContain(old!.InstanceId);
    expect(live).toHaveLength(1);
  });

  it('cancels spot requests stalled in a hopeless status or open for over 20 minutes, and counts fresh ones as pending', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 1);
    const stuck = await spotRequest('us-east-1', `${h.provisionerId}/builder`);
    const old = await spotRequest('us-east-1', `${h.provisionerId}/builder`);
    const fresh = await spotRequest('us-east-1', `${h.provisionerId}/builder`);
    const now = h.clock.now();
    // moto fulfils spot requests at once; this port shows them as EC2 would while they wait
    const waiting: Record<string, Partial<OwnedSpotRequest>> = {
      [stuck]: { statusCode: 'capacity-not-available', createTime: now - 2 * MINUTE_MS, availabilityZone: 'us-east-1d' },
      [old]: { statusCode: 'pending-fulfillment', createTime: now - 25 * MINUTE_MS },
      [fresh]: { statusCode: 'pending-evaluation', createTime: now - 5 * MINUTE_MS },
    };
    const ec2 = wrapPort(h.ec2, {
      describeSpotRequests: async (region, owner) =>
        (await h.ec2.describeSpotRequests(region, owner)).map((request) =>
          waiting[request.requestId]
            ? { ...request, ...waiting[request.requestId], state: 'open', instanceId: undefined }
            : request,
        ),
    });
    const provisioner = h.provisioner({ ec2 });

    const report = await provisioner.iterate();

    expect(report.cancellations).toBe(2);
    const live = await liveRequestIds('us-east-1');
    expect(live).toContain(fresh);
    expect(live).not.toContain(stuck);
    expect(live).not.toContain(old);
    // the fresh open request covers the one pending task: nothing launched
    expect(report.launches).toBe(0);
    // the pool that had no capacity is avoided for a while
    expect(provisioner.pools.current()).toEqual([
      expect.objectContaining({ availabilityZone: 'us-east-1d', instanceType: 'm5.large', market: 'spot' }),
    ]);
  });
});
