import type { WorkerStateSnapshot, WorkerTypeRecord } from '@spot-provisioner/model';
import type { OwnedInstance, OwnedSpotRequest } from '../src/ec2/port';
import { decide, type DecideSettings } from '../src/iteration/decide';
import { DemandMemory } from '../src/policy/demand-memory';
import type { Gathered, RegionView } from '../src/iteration/gather';
import { LAST_KNOWN_CAPACITY_MAX_AGE_MS } from '../src/iteration/capacity';
import { workerTypeDefinition } from './support/harness';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const settings: DecideSettings = { provisionerId: 'prov', regions: ['us-east-1', 'us-west-2'], maxInstanceLifeMs: 96 * HOUR, onDemandPrices: [] };
const AMIS = { 'us-east-1': 'ami-east', 'us-west-2': 'ami-west' };

function record(workerType: string): WorkerTypeRecord {
  return { workerType, definition: workerTypeDefinition(AMIS) as WorkerTypeRecord['definition'], lastModified: new Date(NOW).toISOString() } as WorkerTypeRecord;
}

function instance(id: string, workerType: string, overrides: Partial<OwnedInstance> = {}): OwnedInstance {
  return {
    instanceId: id,
    region: 'us-east-1',
    availabilityZone: 'us-east-1a',
    instanceType: 'm5.large',
    state: 'running',
    launchTime: NOW - HOUR,
    market: 'spot',
    imageId: 'ami-east',
    spotRequestId: undefined,
    clientToken: undefined,
    workerTypeTag: `prov/${workerType}`,
    ...overrides,
  };
}

function stalledRequest(id: string, workerType: string): OwnedSpotRequest {
  return {
    requestId: id,
    region: 'us-east-1',
    state: 'open',
    statusCode: 'capacity-not-available',
    createTime: NOW - 60_000,
    instanceType: 'm5.large',
    availabilityZone: 'us-east-1b',
    instanceId: undefined,
    workerTypeTag: `prov/${workerType}`,
  };
}

function region(name: string, overrides: Partial<RegionView> = {}): RegionView {
  const zones = [`${name}a`, `${name}b`];
  return {
    region: name,
    described: true,
    instances: [],
    spotRequests: [],
    zones,
    spotPrices: zones.map((zone, i) => ({ region: name, availabilityZone: zone, instanceType: 'm5.large', price: 0.04 + i / 100 })),
    errors: [],
    ...overrides,
  };
}

function gathered(overrides: Partial<Gathered> = {}): Gathered {
  return {
    workerTypes: [record('builder')],
    regions: [region('us-east-1'), region('us-west-2')],
    launches: [],
    pendingTasks: new Map([['builder', { ok: true, pendingTasks: 2 }]]),
    ...overrides,
  };
}

describe('decide: the iteration plan as a value, on plain data', () => {
  it('plans round 0 for each worker type with its capacity and the running instances’ cost', () => {
    const plan = decide(
      gathered({ regions: [region('us-east-1', { instances: [instance('i-1', 'builder')] }), region('us-west-2')] }),
      [],
      NOW,
      settings,
    );
    const [step] = plan.workerTypes;
    expect(step?.inputs).toEqual({ runningCapacity: 1, pendingCapacity: 0, requestedCapacity: 0 });
    expect(step?.spotCostPerHour).toBe(0.04);
    expect(step?.firstRound?.demand.change.change).toBe(2);
    expect(step?.firstRound?.record.launches.reduce((n, l) => n + l.count, 0)).toBe(2);
    expect(step?.error).toBeNull();
  });

  it('gives each cleanup action its reason and detail, and remembers a pool a stalled request lacked', () => {
    const east = region('us-east-1', {
      instances: [instance('i-rogue', 'gone'), instance('i-zombie', 'builder', { launchTime: NOW - 97 * HOUR })],
      spotRequests: [stalledRequest('sir-stalled', 'builder')],
    });
    const plan = decide(gathered({ regions: [east, region('us-west-2')] }), [], NOW, settings);
    expect(plan.workerTypes[0]?.cleanup).toEqual([
      {
        action: 'cancel',
        id: 'sir-stalled',
        region: 'us-east-1',
        reason: 'stalled',
        detail: 'the spot request is stalled (EC2 status capacity-not-available) or open over 20 minutes',
      },
      {
        action: 'terminate',
        id: 'i-zombie',
        region: 'us-east-1',
        reason: 'zombie',
        detail: 'the instance has run longer than the maximum instance life (96 h)',
      },
    ]);
    expect(plan.cleanup.terminate.map((t) => [t.instanceId, t.reason])).toEqual([
      ['i-rogue', 'rogue'],
      ['i-zombie', 'zombie'],
    ]);
    expect(plan.unavailablePools).toEqual([{ region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large', market: 'spot' }]);
    // the lacking pool is refused by name in the same iteration's plan
    const rejected = plan.workerTypes[0]?.firstRound?.record.rejected ?? [];
    expect(rejected).toEqual([expect.objectContaining({ filter: 'recently-unavailable', count: 1 })]);
  });

  it('does not plan a worker type whose queue did not answer, and says why', () => {
    const plan = decide(gathered({ pendingTasks: new Map([['builder', { ok: false, error: 'HTTP 503' }]]) }), [], NOW, settings);
    expect(plan.workerTypes[0]).toMatchObject({ pendingTasks: null, error: 'the queue did not answer: HTTP 503' });
    expect(plan.workerTypes[0]?.firstRound).toBeUndefined();
  });

  it('uses a failed region’s last known capacity from a recent snapshot and places in the healthy region', () => {
    const snapshot: WorkerStateSnapshot = {
      workerType: 'builder',
      instances: [
        { id: 'i-w1', instanceType: 'm5.large', region: 'us-west-2', zone: 'us-west-2a', state: 'running', launchTime: new Date(NOW).toISOString(), capacity: 1 },
        { id: 'i-e1', instanceType: 'm5.large', region: 'us-east-1', zone: 'us-east-1a', state: 'running', launchTime: new Date(NOW).toISOString(), capacity: 1 },
      ],
      requests: [
        { id: 'sir-w', instanceType: 'm5.large', region: 'us-west-2', zone: 'us-west-2a', state: 'open', createdTime: new Date(NOW).toISOString(), capacity: 1 },
      ],
      internalTrackedRequests: [],
      summary: { minCapacity: 0, maxCapacity: 20, requestedCapacity: 1, pendingCapacity: 0, runningCapacity: 2 },
      updatedAt: new Date(NOW - 5 * 60_000).toISOString(),
    };
    const failedWest = region('us-west-2', { described: false, zones: [], spotPrices: [], errors: ['instances: timeout'] });
    const plan = decide(
      gathered({ regions: [region('us-east-1'), failedWest], lastSnapshots: [snapshot], pendingTasks: new Map([['builder', { ok: true, pendingTasks: 4 }]]) }),
      [],
      NOW,
      settings,
    );
    const [step] = plan.workerTypes;
    expect(plan.failedRegions).toEqual(['us-west-2']);
    expect(step?.inputs).toEqual({ runningCapacity: 1, pendingCapacity: 0, requestedCapacity: 1 });
    expect(step?.notes).toEqual([
      `us-west-2 failed this iteration: its last known capacity (1 running, 0 starting, 1 requested, from the snapshot of ${snapshot.updatedAt}) is used, and launches go to the healthy regions.`,
    ]);
    expect(step?.firstRound?.demand.change.change).toBe(3);
    expect(step?.firstRound?.record.launches.every((l) => l.region === 'us-east-1')).toBe(true);
    expect(step?.firstRound?.record.rejected).toEqual([
      expect.objectContaining({ filter: 'zone-unknown', examples: [expect.objectContaining({ region: 'us-west-2', availabilityZone: null })] }),
    ]);

    const stale = { ...snapshot, updatedAt: new Date(NOW - LAST_KNOWN_CAPACITY_MAX_AGE_MS - 1).toISOString() };
    const blind = decide(gathered({ regions: [region('us-east-1'), failedWest], lastSnapshots: [stale] }), [], NOW, settings);
    expect(blind.workerTypes[0]?.firstRound).toBeUndefined();
    expect(blind.workerTypes[0]?.error).toMatch(/^capacity in us-west-2 is unknown: the region failed this iteration and no state snapshot from the last 30 minutes exists/);
  });

  it("passes scale-down's launch-ahead to the demand of a worker type with scale-down on", () => {
    const withScaleDown = { ...record('builder'), definition: { ...record('builder').definition, scaleDown: { enabled: true } } } as WorkerTypeRecord;
    const memory = { drainingInstances: () => [], launchAheadOf: (workerType: string) => (workerType === 'builder' ? 3 : undefined) };
    const demand = new DemandMemory();
    const plan = decide(gathered({ workerTypes: [withScaleDown] }), [], NOW, { ...settings, demand, draining: memory });
    const [step] = plan.workerTypes;
    expect(step?.planInput?.demand?.launchAhead).toBe(3);
    // 2 pending tasks + 3 launched ahead (more than 10% of 2)
    expect(step?.firstRound?.demand).toMatchObject({ bootMargin: 3, change: { change: 5 } });
    const without = decide(gathered({ workerTypes: [withScaleDown] }), [], NOW, { ...settings, demand: new DemandMemory(), draining: { drainingInstances: () => [] } });
    expect(without.workerTypes[0]?.firstRound?.demand).toMatchObject({ bootMargin: 0, change: { change: 2 } });
  });
});
