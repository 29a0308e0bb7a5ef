import type { Ec2InstanceEvent } from '@spot-provisioner/ec2-gateway';
import type { OwnedInstance } from '../src/ec2/port';
import type { ReceivedEvent } from '../src/interruptions/intake';
import { InterruptionLedger, interruptionTagValue, KNOWN_INSTANCE_MEMORY_MS, type LedgerInput } from '../src/interruptions/ledger';

const T = Date.parse('2026-11-23T10:00:00Z');
const ID = { a: 'i-0000000000000000a', b: 'i-0000000000000000b', c: 'i-0000000000000000c' };

function instance(instanceId: string, overrides: Partial<OwnedInstance> = {}): OwnedInstance {
  return {
    instanceId,
    region: 'us-east-1',
    availabilityZone: 'us-east-1a',
    instanceType: 'm5.large',
    state: 'running',
    launchTime: T - 3_600_000,
    market: 'spot',
    imageId: 'ami-1',
    spotRequestId: undefined,
    clientToken: undefined,
    workerTypeTag: 'prov/ci-linux',
    ...overrides,
  };
}

let nextEvent = 0;
function received(event: Partial<Ec2InstanceEvent> & Pick<Ec2InstanceEvent, 'instanceId'>, kind: Ec2InstanceEvent['kind'] = 'spot-interruption'): ReceivedEvent {
  nextEvent += 1;
  const base = { eventId: `e${nextEvent}`, time: T, region: 'us-east-1', ...event };
  const full =
    kind === 'spot-interruption'
      ? ({ ...base, kind, action: 'terminate' } as Ec2InstanceEvent)
      : kind === 'state-change'
        ? ({ ...base, kind, state: 'terminated' } as Ec2InstanceEvent)
        : ({ ...base, kind } as Ec2InstanceEvent);
  return { event: full, receiptHandle: `rh-${nextEvent}`, receivedAt: T };
}

function input(overrides: Partial<LedgerInput>): LedgerInput {
  return {
    provisionerId: 'prov',
    events: [],
    instances: [],
    describedRegions: new Set(['us-east-1']),
    replaceOnRebalance: () => false,
    now: T,
    ...overrides,
  };
}

describe('the interruption ledger', () => {
  it('turns a warning for a running instance of ours into capacity gone, counted for its pool', () => {
    const ledger = new InterruptionLedger();
    const warning = received({ instanceId: ID.a });
    const step = ledger.step(input({ events: [warning], instances: [instance(ID.a), instance(ID.b)] }));
    expect(step.notices).toEqual([
      expect.objectContaining({ instanceId: ID.a, workerType: 'ci-linux', availabilityZone: 'us-east-1a', instanceType: 'm5.large', kind: 'spot-interruption', effect: 'capacity-gone', countsForPool: true, stillRunning: true }),
    ]);
    expect([...step.leaving]).toEqual([ID.a]);
    expect(step.settled).toEqual([{ receiptHandle: warning.receiptHandle, outcome: 'handled' }]);
  });

  it('keeps the capacity gone in later iterations while EC2 still shows the instance, and forgets it once EC2 does not', () => {
    const ledger = new InterruptionLedger();
    ledger.step(input({ events: [received({ instanceId: ID.a })], instances: [instance(ID.a)] }));
    expect([...ledger.step(input({ instances: [instance(ID.a)], now: T + 30_000 })).leaving]).toEqual([ID.a]);
    expect([...ledger.step(input({ instances: [], now: T + 150_000 })).leaving]).toEqual([]);
  });

  it("ignores instances that are not this provisioner's, and defers events of a region it could not describe", () => {
    const ledger = new InterruptionLedger();
    const stranger = received({ instanceId: ID.b });
    const otherProvisioner = received({ instanceId: ID.c });
    const undescribed = received({ instanceId: ID.a, region: 'us-west-2' });
    const step = ledger.step(input({ events: [stranger, otherProvisioner, undescribed], instances: [instance(ID.c, { workerTypeTag: 'someone-else/ci' })] }));
    expect(step.notices).toEqual([]);
    expect(step.settled).toEqual([
      { receiptHandle: stranger.receiptHandle, outcome: 'foreign' },
      { receiptHandle: otherProvisioner.receiptHandle, outcome: 'foreign' },
    ]);
    expect(step.deferred).toEqual([undescribed]);
  });

  it('takes effect once per instance and kind, however often EC2 or EventBridge repeats it', () => {
    const ledger = new InterruptionLedger();
    const first = ledger.step(input({ events: [received({ instanceId: ID.a }), received({ instanceId: ID.a })], instances: [instance(ID.a)] }));
    expect(first.notices).toHaveLength(1);
    expect(first.settled.map((s) => s.outcome)).toEqual(['handled', 'duplicate']);
    const again = ledger.step(input({ events: [received({ instanceId: ID.a })], instances: [instance(ID.a)], now: T + 30_000 }));
    expect(again.notices).toEqual([]);
    expect(again.settled.map((s) => s.outcome)).toEqual(['duplicate']);
  });

  it('counts a warning that arrives after its instance is gone (out of order), from the instance it remembers', () => {
    const ledger = new InterruptionLedger();
    ledger.step(input({ instances: [instance(ID.a, { availabilityZone: 'us-east-1c' })] }));
    const terminated = received({ instanceId: ID.a, time: T + 100_000 }, 'state-change');
    const late = received({ instanceId: ID.a, time: T + 20_000 });
    const step = ledger.step(input({ events: [terminated, late], instances: [], now: T + 120_000 }));
    expect(step.notices.map((n) => [n.kind, n.effect, n.countsForPool, n.stillRunning, n.availabilityZone])).toEqual([
      ['spot-interruption', 'capacity-gone', true, false, 'us-east-1c'],
      ['state-change', 'capacity-gone', false, false, 'us-east-1c'],
    ]);
    expect(step.leaving.size).toBe(0);
  });

  it('forgets instances an hour or two after EC2 stopped showing them: a later event is foreign', () => {
    const ledger = new InterruptionLedger();
    ledger.step(input({ instances: [instance(ID.a)] }));
    ledger.step(input({ now: T + KNOWN_INSTANCE_MEMORY_MS + 60_000 }));
    const step = ledger.step(input({ events: [received({ instanceId: ID.a })], now: T + KNOWN_INSTANCE_MEMORY_MS + 90_000 }));
    expect(step.settled.map((s) => s.outcome)).toEqual(['foreign']);
  });

  it('records a rebalance recommendation, and replaces the capacity only when the worker type asks for it', () => {
    const recordOnly = new InterruptionLedger().step(input({ events: [received({ instanceId: ID.a }, 'rebalance-recommendation')], instances: [instance(ID.a)] }));
    expect(recordOnly.notices).toEqual([expect.objectContaining({ kind: 'rebalance-recommendation', effect: 'recorded', countsForPool: false })]);
    expect(recordOnly.leaving.size).toBe(0);
    const replace = new InterruptionLedger().step(
      input({ events: [received({ instanceId: ID.a }, 'rebalance-recommendation')], instances: [instance(ID.a)], replaceOnRebalance: (wt) => wt === 'ci-linux' }),
    );
    expect(replace.notices).toEqual([expect.objectContaining({ effect: 'replaced-proactively', stillRunning: true })]);
    expect([...replace.leaving]).toEqual([ID.a]);
  });

  it('learns from the Interruption tag after a restart: the capacity stays gone and a repeated warning is not counted again', () => {
    const ledger = new InterruptionLedger();
    const tagged = instance(ID.a, { interruption: interruptionTagValue('spot-interruption', T) });
    const step = ledger.step(input({ events: [received({ instanceId: ID.a })], instances: [tagged] }));
    expect([...step.leaving]).toEqual([ID.a]);
    expect(step.notices).toEqual([]);
    expect(step.settled.map((s) => s.outcome)).toEqual(['duplicate']);
  });
});
