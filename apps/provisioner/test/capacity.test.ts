import type { OwnedInstance, OwnedSpotRequest } from '../src/ec2/port';
import { summarizeCapacity, type TrackedLaunch } from '../src/iteration/capacity';

function instance(id: string, type: string, state: 'pending' | 'running', clientToken?: string): OwnedInstance {
  return {
    instanceId: id,
    region: 'us-east-1',
    availabilityZone: 'us-east-1a',
    instanceType: type,
    state,
    launchTime: 0,
    market: 'spot',
    imageId: undefined,
    spotRequestId: undefined,
    clientToken,
    workerTypeTag: 'prov/wt',
  };
}

function launch(id: string, region = 'us-east-1', instanceIds?: string[]): TrackedLaunch {
  return {
    workerType: 'wt',
    launchId: id,
    region,
    zone: `${region}a`,
    instanceType: 'c5.xlarge',
    capacity: 2,
    market: 'spot',
    clientToken: id,
    instanceIds,
    submittedAt: '2026-11-22T12:00:00.000Z',
  };
}

const openRequest: OwnedSpotRequest = {
  requestId: 'sir-1',
  region: 'us-east-1',
  state: 'open',
  statusCode: 'pending-evaluation',
  createTime: 0,
  instanceType: 'c5.xlarge',
  availabilityZone: undefined,
  instanceId: undefined,
  workerTypeTag: 'prov/wt',
};

const input = {
  provisionerId: 'prov',
  workerTypes: [{ workerType: 'wt', instanceTypes: [{ instanceType: 'm5.large', capacity: 1 }, { instanceType: 'c5.xlarge', capacity: 2 }] }],
  describedRegions: new Set(['us-east-1']),
  leaving: new Set<string>(),
};

describe('capacity per worker type', () => {
  it('weighs running, starting, requested and submitted capacity by instance type', () => {
    const { byWorkerType } = summarizeCapacity({
      ...input,
      instances: [instance('i-1', 'm5.large', 'running'), instance('i-2', 'c5.xlarge', 'running'), instance('i-3', 'c5.xlarge', 'pending'), instance('i-4', 'r5.large', 'running')],
      spotRequests: [openRequest],
      launches: [launch('L1')],
    });
    const wt = byWorkerType.get('wt');
    // r5.large is not listed any more: it counts as capacity 1
    expect(wt).toMatchObject({ runningCapacity: 4, startingCapacity: 2, requestedCapacity: 2, trackedCapacity: 2, arrivingCapacity: 6 });
  });

  it('settles a submitted launch once EC2 shows its instance by id or client token', () => {
    const { byWorkerType, visibleLaunches } = summarizeCapacity({
      ...input,
      instances: [instance('i-1', 'c5.xlarge', 'running'), instance('i-2', 'c5.xlarge', 'running', 'L2')],
      spotRequests: [],
      launches: [launch('L1', 'us-east-1', ['i-1']), launch('L2'), launch('L3')],
    });
    expect(visibleLaunches.map((l) => l.launchId)).toEqual(['L1', 'L2']);
    expect(byWorkerType.get('wt')).toMatchObject({ runningCapacity: 4, trackedCapacity: 2 });
  });

  it('keeps counting launches of a region that could not be described', () => {
    const { byWorkerType, visibleLaunches } = summarizeCapacity({
      ...input,
      describedRegions: new Set(['us-east-1']),
      instances: [],
      spotRequests: [],
      launches: [launch('W1', 'us-west-2', ['i-9'])],
    });
    expect(visibleLaunches).toEqual([]);
    expect(byWorkerType.get('wt')?.trackedCapacity).toBe(2);
  });

  it('does not count instances and requests that are being terminated or cancelled', () => {
    const { byWorkerType } = summarizeCapacity({
      ...input,
      leaving: new Set(['i-1', 'sir-1']),
      instances: [instance('i-1', 'c5.xlarge', 'running')],
      spotRequests: [openRequest],
      launches: [],
    });
    expect(byWorkerType.get('wt')).toMatchObject({ runningCapacity: 0, arrivingCapacity: 0 });
  });
});
