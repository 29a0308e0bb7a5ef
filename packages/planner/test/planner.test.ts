import { MAX_CAPACITY, MAX_REJECTION_EXAMPLES, type WorkerTypeDefinition } from '@spot-provisioner/model';
import { instanceTypeEntry, regionEntry, workerTypeDefinition } from '@spot-provisioner/testing';
import { assembleDecision, planPreview, planRound, previewDecision, type WorkerTypePlanInput } from '../src';

const NOW = Date.parse('2026-03-01T12:00:00Z');

const instanceType = instanceTypeEntry;
const region = (name: string) => regionEntry(name, 'ami-1');

function definition(overrides: Partial<WorkerTypeDefinition> = {}): WorkerTypeDefinition {
  return workerTypeDefinition({ 'us-east-1': 'ami-1' }, overrides) as WorkerTypeDefinition;
}

function input(overrides: Partial<WorkerTypePlanInput> = {}): WorkerTypePlanInput {
  return {
    definition: definition(),
    capacity: { runningCapacity: 0, pendingCapacity: 0, requestedCapacity: 0 },
    pendingTasks: 3,
    market: {
      managedRegions: ['us-east-1', 'us-west-2'],
      availableZones: { 'us-east-1': ['us-east-1a', 'us-east-1b'] },
      spotPrices: [
        { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', price: 0.05 },
        { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large', price: 0.06 },
        { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.pricey', price: 5 },
        { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'big.11x', price: 0.5 },
      ],
      onDemandPrices: [],
    },
    recentlyUnavailable: [],
    now: NOW,
    ...overrides,
  };
}

describe('planner: one worker type’s decision as a value', () => {
  it('places the change in the cheapest pool and explains the capacity change', () => {
    const decision = previewDecision('wt', input(), new Date(NOW));
    expect(decision.status).toBe('met');
    expect(decision.inputs).toMatchObject({ pendingTasks: 3, policy: 'classic', maxCapacity: 10 });
    expect(decision.capacity).toEqual({
      change: 3,
      unboundedChange: 3,
      bounded: null,
      headroom: 10,
      explanation: '3 pending tasks − 0 capacity on its way − 0 tasks left to queue (scalingRatio 0 × 0 running) = 3.',
    });
    const launches = decision.rounds[0]!.launches;
    expect(launches.reduce((sum, l) => sum + l.count, 0)).toBe(3);
    expect(launches[0]).toMatchObject({ market: 'spot', region: 'us-east-1', instanceType: 'm5.large', pricePerUtility: expect.any(Number) });
  });

  it('serves pending tasks by lifting drains before launching, and says so', () => {
    const decision = previewDecision('wt', input({ pendingTasks: 5, capacity: { runningCapacity: 4, pendingCapacity: 1, requestedCapacity: 0, drainingCapacity: 2 } }), new Date(NOW));
    expect(decision.inputs.drainingCapacity).toBe(2);
    expect(decision.capacity.change).toBe(2);
    expect(decision.capacity.explanation).toBe(
      '5 pending tasks − 2 for workers quarantined to drain (their quarantine is lifted) − 1 capacity on its way − 0 tasks left to queue (scalingRatio 0 × 4 running) = 2.',
    );
    const fewer = previewDecision('wt', input({ pendingTasks: 1, capacity: { runningCapacity: 4, pendingCapacity: 0, requestedCapacity: 0, drainingCapacity: 3 } }), new Date(NOW));
    expect(fewer.capacity.change).toBe(0);
  });

  it('launches a boot margin beyond the pending tasks for a worker type with scale-down on, and says so', () => {
    const scaleDown = { enabled: true, bootMarginPercent: 20 };
    const decision = previewDecision('wt', input({ pendingTasks: 5, definition: definition({ scaleDown }) }), new Date(NOW));
    expect(decision.inputs.bootMargin).toBe(1);
    expect(decision.capacity.change).toBe(6);
    expect(decision.capacity.explanation).toMatch(
      /^5 pending tasks \+ 1 boot margin \(for the tasks arriving while they boot: the first instances up take the tasks; scale-down drains the rest\) − 0 capacity on its way/,
    );
    expect(previewDecision('wt', input({ pendingTasks: 5 }), new Date(NOW)).inputs).not.toHaveProperty('bootMargin');
  });

  it("launches ahead what scale-down's forecast asks while tasks are pending: the larger of it and the boot margin", () => {
    const scaleDown = { enabled: true, bootMarginPercent: 20 };
    const ahead = (pendingTasks: number, launchAhead: number, on = true) =>
      previewDecision('wt', input({ pendingTasks, definition: definition(on ? { scaleDown } : {}), demand: { history: [], launchAhead } }), new Date(NOW));
    expect(ahead(5, 3).inputs.bootMargin).toBe(3);
    expect(ahead(5, 3).capacity.change).toBe(8);
    expect(ahead(20, 3).inputs.bootMargin).toBe(4); // 20% of 20 is more
    // nothing pending: the warm capacity is not all taken, nothing is launched ahead
    expect(ahead(0, 3).capacity.change).toBe(0);
    expect(ahead(0, 3).inputs).not.toHaveProperty('bootMargin');
    // scale-down off: classic's change, exactly
    expect(ahead(5, 3, false).capacity.change).toBe(5);
  });

  it('says which bound clipped the change', () => {
    const max = previewDecision('wt', input({ pendingTasks: 50 }), new Date(NOW));
    expect(max.capacity).toMatchObject({ change: 10, unboundedChange: 50, bounded: 'max' });
    expect(max.capacity.explanation).toMatch(/= 50, cut to 10 to stay within maxCapacity 10\.$/);
    const min = previewDecision('wt', input({ pendingTasks: 0, definition: definition({ minCapacity: 2 }) }), new Date(NOW));
    expect(min.capacity).toMatchObject({ change: 2, bounded: 'min' });
    expect(min.capacity.explanation).toMatch(/raised to 2 to reach minCapacity 2\.$/);
    const surplus = previewDecision('wt', input({ pendingTasks: 0, capacity: { runningCapacity: 1, pendingCapacity: 2, requestedCapacity: 0 } }), new Date(NOW));
    expect(surplus.capacity.explanation).toMatch(/\(a surplus: nothing is terminated for it\)\.$/);
  });

  it('is capped at maxCapacity while tasks still want capacity, and met when maxCapacity only trims a surplus', () => {
    const cut = previewDecision('wt', input({ pendingTasks: 50 }), new Date(NOW));
    expect(cut).toMatchObject({ status: 'capped', unmet: null, capacity: { change: 10, unboundedChange: 50, bounded: 'max' } });
    const full = { runningCapacity: 10, pendingCapacity: 0, requestedCapacity: 0 };
    const atMax = previewDecision('wt', input({ pendingTasks: 5, capacity: full }), new Date(NOW));
    expect(atMax).toMatchObject({ status: 'capped', capacity: { change: 0, unboundedChange: 5, bounded: 'max', headroom: 0 } });
    expect(atMax.rounds[0]?.launches).toEqual([]);
    // maxCapacity lowered under what runs, no task waiting: a surplus, not a cap
    const lowered = previewDecision('wt', input({ pendingTasks: 0, capacity: { ...full, runningCapacity: 12 } }), new Date(NOW));
    expect(lowered).toMatchObject({ status: 'met', capacity: { change: -2, bounded: 'max' } });
    expect(previewDecision('wt', input({ pendingTasks: 4 }), new Date(NOW)).status).toBe('met');
  });

  it('reports unmet or error over capped: what failed matters more than the cap', () => {
    const unpriced = { ...input().market, spotPrices: [] };
    expect(previewDecision('wt', input({ pendingTasks: 50, market: unpriced }), new Date(NOW)).status).toBe('unmet');
    const failed = assembleDecision({
      workerType: 'wt',
      decidedAt: new Date(NOW),
      definition: definition(),
      capacity: { runningCapacity: 10, pendingCapacity: 0, requestedCapacity: 0 },
      pendingTasks: 5,
      rounds: [planRound(input({ pendingTasks: 5, capacity: { runningCapacity: 10, pendingCapacity: 0, requestedCapacity: 0 } }), 0)],
      error: 'EC2 failed',
    });
    expect(failed.status).toBe('error');
  });

  it('groups every filter’s rejections with a sentence and names pools and filters in the unmet reason', () => {
    const wide = definition({
      instanceTypes: [instanceType('m5.large'), instanceType('x9.unpriced'), instanceType('c5.pricey'), instanceType('big.11x', 1, 11)],
      regions: [region('us-east-1'), region('us-west-2'), region('eu-west-1')],
      availabilityZones: [
        { region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: {} },
        { region: 'us-east-1', availabilityZone: 'us-east-1z', launchSpec: {} },
      ],
    });
    const unavailable = [{ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', until: NOW + 60_000 }];
    const decision = previewDecision('wt', input({ definition: wide, recentlyUnavailable: unavailable, pendingTasks: 2 }), new Date(NOW));
    const groups = Object.fromEntries(decision.rounds[0]!.rejected.map((g) => [g.filter, g]));
    expect(Object.keys(groups)).toEqual([
      'region-not-managed',
      'zone-unknown',
      'zone-not-configured',
      'zone-not-available',
      'recently-unavailable',
      'no-price',
      'above-max-price',
      'above-ceiling',
    ]);
    expect(groups['region-not-managed']).toMatchObject({ count: 4, summary: '4 pools lie in regions this provisioner does not manage' });
    expect(groups['zone-unknown']?.summary).toBe('4 pools lie in regions whose availability zones are unknown this iteration');
    expect(groups['zone-not-configured']?.summary).toBe('4 pools lie in zones the worker type does not list');
    expect(groups['zone-not-available']?.summary).toBe('4 pools lie in zones EC2 does not report available');
    expect(groups['recently-unavailable']).toMatchObject({ count: 1, summary: '1 pool recently refused launches for lack of capacity' });
    expect(groups['no-price']).toMatchObject({
      summary: 'no price is known for 1 pool',
      examples: [{ market: 'spot', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'x9.unpriced', reason: 'no spot price is known for the pool' }],
    });
    expect(groups['above-max-price']?.examples[0]?.reason).toMatch(/^price per utility 5 USD\/h is above the worker type's maxPrice 1 USD\/h$/);
    expect(groups['above-ceiling']?.examples[0]?.reason).toMatch(/above the hard ceiling 10 USD\/h$/);

    expect(decision.status).toBe('unmet');
    expect(decision.unmet?.capacity).toBe(2);
    expect(decision.unmet?.reason).toMatch(/^2 capacity units unmet: region-not-managed refused 4 pools \(spot m5\.large in eu-west-1, /);
    expect(decision.unmet?.reason).toContain('no-price refused 1 pool (spot x9.unpriced in us-east-1a)');
    expect(decision.unmet?.reason).toContain('recently-unavailable refused 1 pool (spot m5.large in us-east-1a)');
  });

  it('keeps at most MAX_REJECTION_EXAMPLES examples per filter, with the full count', () => {
    const many = definition({ instanceTypes: Array.from({ length: 12 }, (_, i) => instanceType(`x${i}.unpriced`)) });
    const decision = previewDecision('wt', input({ definition: many }), new Date(NOW));
    const noPrice = decision.rounds[0]!.rejected.find((g) => g.filter === 'no-price')!;
    expect(noPrice.count).toBe(24);
    expect(noPrice.examples).toHaveLength(MAX_REJECTION_EXAMPLES);
    expect(decision.unmet?.reason).toContain('and 21 more');
  });

  it('re-plans a round without the refusing pool, counting what was launched as pending', () => {
    const first = planRound(input(), 0);
    expect(first.placement.launches.every((l) => l.availabilityZone === 'us-east-1a')).toBe(true);
    const refused = [{ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', market: 'spot' as const, until: NOW + 1 }];
    const next = planRound(input({ recentlyUnavailable: refused }), 1, 1);
    expect(next.record.round).toBe(1);
    expect(next.demand.change.change).toBe(2);
    expect(next.record.launches).toEqual([expect.objectContaining({ availabilityZone: 'us-east-1b', count: 2 })]);
    expect(next.record.rejected).toEqual([expect.objectContaining({ filter: 'recently-unavailable', count: 1 })]);
  });

  it('counts a refusal in the last round and launches short of the change as unmet, naming the refused pool', () => {
    const round = planRound(input({ pendingTasks: 2 }), 0);
    const decision = assembleDecision({
      workerType: 'wt',
      decidedAt: new Date(NOW),
      definition: definition(),
      capacity: { runningCapacity: 0, pendingCapacity: 0, requestedCapacity: 0 },
      pendingTasks: 2,
      rounds: [round],
      acted: {
        submittedCapacity: 0,
        outcomes: [
          { market: 'spot', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', round: 0, outcome: 'refused', code: 'InsufficientInstanceCapacity' },
        ],
      },
    });
    expect(decision.unmet).toEqual({ capacity: 2, reason: '2 capacity units unmet: EC2 refused spot m5.large in us-east-1a (InsufficientInstanceCapacity).' });
  });

  it('reports an error decision with nothing planned', () => {
    const decision = assembleDecision({
      workerType: 'wt',
      decidedAt: new Date(NOW),
      definition: definition(),
      capacity: { runningCapacity: 1, pendingCapacity: 0, requestedCapacity: 0 },
      pendingTasks: null,
      rounds: [],
      error: 'the queue did not answer: 503',
    });
    expect(decision).toMatchObject({ status: 'error', unmet: null, rounds: [], error: 'the queue did not answer: 503' });
    expect(decision.capacity).toEqual({ change: 0, unboundedChange: 0, bounded: null, headroom: 9, explanation: 'Nothing was planned: the queue did not answer: 503.' });
  });

  it('previews from recorded markets, capacity and pending tasks, noting its assumptions', () => {
    const preview = planPreview({
      workerType: 'wt',
      definition: definition(),
      managedRegions: ['us-east-1'],
      markets: [
        { region: 'us-east-1', recordedAt: '2026-03-01T11:59:00.000Z', zones: ['us-east-1b'], spotPrices: { 'us-east-1b': { 'm5.large': 0.04 } }, onDemandPrices: {} },
      ],
      capacity: { runningCapacity: 2, pendingCapacity: 1, requestedCapacity: 0 },
      lastDecision: { decidedAt: '2026-03-01T11:59:00.000Z', inputs: { ...previewDecision('wt', input(), new Date(NOW)).inputs, pendingTasks: 4 } },
      now: new Date(NOW),
    });
    expect(preview.pricesAsOf).toBe('2026-03-01T11:59:00.000Z');
    expect(preview.decision.inputs).toMatchObject({ pendingTasks: 4, runningCapacity: 2, pendingCapacity: 1 });
    expect(preview.decision.capacity.change).toBe(3);
    expect(preview.decision.rounds[0]!.launches).toEqual([expect.objectContaining({ availabilityZone: 'us-east-1b', price: 0.04, count: 3 })]);
    expect(preview.decision.notes[0]).toBe('Pending tasks (4) are those the daemon saw at 2026-03-01T11:59:00.000Z.');
  });

  it('places at most MAX_CAPACITY units in one plan, whatever a stored definition and the queue ask for', () => {
    const huge = input({ definition: definition({ maxCapacity: 5 * MAX_CAPACITY }), pendingTasks: 10_000_000 });
    const round = planRound(huge, 0);
    expect(round.placement.launches).toHaveLength(MAX_CAPACITY);
    expect(round.record.placedCapacity).toBe(MAX_CAPACITY);
  });
});
