import type { KeepWarmForecast } from '@spot-provisioner/bidding';
import { scaleDownSettings } from '../src';
import fc from 'fast-check';
import { decideDrains, type DrainInput, type DrainInstance } from '../src';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const BOOT_MS = 3 * MIN;

const forecast = (keepWarmCapacity: number, expectedArrivals = keepWarmCapacity): KeepWarmForecast => ({
  arrivalsPerS: expectedArrivals / (BOOT_MS / 1000),
  expectedArrivals,
  bootMs: BOOT_MS,
  steadyDemand: 0,
  demandTarget: 0,
  keepWarmCapacity,
  launchAheadCapacity: 0,
  evidenceS: 1800,
});

const idle = (id: string, idleMs: number, pricePerUtility = 0.1, capacity = 1): DrainInstance => ({
  instanceId: id,
  region: 'us-east-1',
  capacity,
  pricePerUtility,
  queue: { kind: 'idle', sinceMs: NOW - idleMs, basis: 'resolved' },
  quarantine: { kind: 'none' },
});
const busy = (id: string): DrainInstance => ({ ...idle(id, 0), queue: { kind: 'busy' } });
const draining = (instance: DrainInstance, claimedSince = false): DrainInstance => ({
  ...instance,
  quarantine: { kind: 'ours', sinceMs: NOW - 30_000, claimedSince },
});

function input(instances: DrainInstance[], overrides: Partial<DrainInput> = {}): DrainInput {
  return {
    settings: scaleDownSettings({ enabled: true, minIdleSeconds: 120, drainBudgetPercent: 100 }),
    minCapacity: 0,
    now: NOW,
    pendingTasks: 0,
    bootingCapacity: 0,
    forecast: forecast(0, 0.3),
    bootMs: BOOT_MS,
    idleFloorBoots: 1,
    instances,
    ...overrides,
  };
}

const byId = (decision: ReturnType<typeof decideDrains>) => ({
  actions: Object.fromEntries(decision.actions.map((a) => [a.instanceId, a.action])),
  kept: Object.fromEntries(decision.kept.map((k) => [k.instanceId, k.reason])),
});

describe('scale-down: which idle instances to drain', () => {
  it('quarantines idle instances beyond the forecast, saying why in one sentence', () => {
    const decision = decideDrains(input([idle('i-1', 6 * MIN), busy('i-2')]));
    expect(decision.actions).toEqual([
      { instanceId: 'i-1', region: 'us-east-1', action: 'quarantine', capacity: 1, reason: 'idle 6 min, queue empty, 0.3 tasks expected over the next 3-minute boot' },
    ]);
    expect(decision.kept).toEqual([{ instanceId: 'i-2', region: 'us-east-1', reason: 'busy', detail: 'running a task' }]);
    expect(decision.explanation).toBe('Keeps 0 capacity warm for 0.3 tasks expected over the next 3-minute boot (0.1 a minute); 1 idle; 1 quarantined to drain.');
  });

  it('keeps the forecast warm, draining the most expensive per utility first, then the longest idle', () => {
    const decision = decideDrains(
      input([idle('cheap', 20 * MIN, 0.05), idle('dear', 5 * MIN, 0.2), idle('mid-old', 30 * MIN, 0.1), idle('mid-new', 10 * MIN, 0.1)], {
        forecast: forecast(2, 2.4),
      }),
    );
    expect(byId(decision)).toEqual({ actions: { dear: 'quarantine', 'mid-old': 'quarantine' }, kept: { 'mid-new': 'keep-warm', cheap: 'keep-warm' } });
    expect(decision.kept[0]?.detail).toBe('kept warm: 2.4 tasks expected over the next 3-minute boot');
    expect(decision.keepWarmCapacity).toBe(2);
    expect(decision.idleCapacity).toBe(4);
  });

  it('counts capacity starting up as warm, and pending tasks as already taking idle capacity', () => {
    expect(byId(decideDrains(input([idle('a', 5 * MIN), idle('b', 5 * MIN)], { forecast: forecast(1), bootingCapacity: 1 }))).actions).toEqual({
      a: 'quarantine',
      b: 'quarantine',
    });
    const pending = decideDrains(input([idle('a', 5 * MIN), idle('b', 5 * MIN)], { pendingTasks: 2 }));
    expect(byId(pending).kept).toEqual({ a: 'pending-tasks', b: 'pending-tasks' });
    expect(pending.kept[0]?.detail).toBe('2 pending tasks need the idle capacity');
  });

  it('never drains an instance idle for less than minIdleSeconds, nor less than one boot', () => {
    const decision = decideDrains(input([idle('short', 100_000), idle('under-boot', 150_000), idle('long', 181_000)]));
    expect(byId(decision)).toEqual({ actions: { long: 'quarantine' }, kept: { short: 'recently-idle', 'under-boot': 'recently-idle' } });
    expect(decision.kept[0]?.detail).toBe('idle 2 min 30 s, under the 3 min minimum');
    const slowBootless = decideDrains(input([idle('a', 4 * MIN)], { settings: scaleDownSettings({ enabled: true, minIdleSeconds: 600 }) }));
    expect(byId(slowBootless).kept).toEqual({ a: 'recently-idle' });
  });

  it('never goes below minCapacity, counting capacity starting up', () => {
    const decision = decideDrains(input([idle('a', 9 * MIN, 0.3), idle('b', 9 * MIN, 0.2), busy('c')], { minCapacity: 3, bootingCapacity: 1 }));
    expect(byId(decision)).toEqual({ actions: { a: 'quarantine' }, kept: { c: 'busy', b: 'min-capacity' } });
    expect(decision.kept[1]?.detail).toBe('draining it would leave less than minCapacity 3');
  });

  it('drains at most the disruption budget at once, counting drains still unresolved', () => {
    const fleet = Array.from({ length: 8 }, (_, i) => idle(`i-${i}`, (10 + i) * MIN));
    const decision = decideDrains(input(fleet, { settings: scaleDownSettings({ enabled: true, drainBudgetPercent: 25 }) }));
    expect(decision.budget).toBe(2);
    expect(decision.actions.map((a) => a.instanceId)).toEqual(['i-7', 'i-6']);
    expect(decision.kept.filter((k) => k.reason === 'budget')).toHaveLength(6);
    expect(decision.kept.find((k) => k.reason === 'budget')?.detail).toBe('the disruption budget (2 draining at once) is spent this iteration');
    const stuck = { ...draining(idle('i-0', 20 * MIN)), queue: { kind: 'unknown' as const, reason: 'the status of its latest task could not be read' } };
    const withStuck = decideDrains(input([stuck, ...fleet.slice(1)], { settings: scaleDownSettings({ enabled: true, drainBudgetPercent: 25 }) }));
    expect(withStuck.actions.filter((a) => a.action === 'quarantine')).toHaveLength(1);
    expect(withStuck.kept.find((k) => k.instanceId === 'i-0')?.detail).toBe('the status of its latest task could not be read: its drain waits');
  });

  it('terminates a quarantined instance still idle with no claim since, without spending the budget', () => {
    const decision = decideDrains(
      input([draining(idle('q', 10 * MIN)), idle('n', 10 * MIN)], { settings: scaleDownSettings({ enabled: true, drainBudgetPercent: 1 }) }),
    );
    expect(decision.actions).toEqual([
      { instanceId: 'q', region: 'us-east-1', action: 'terminate', capacity: 1, reason: 'quarantined 30 s ago, still idle with no claim since' },
      expect.objectContaining({ instanceId: 'n', action: 'quarantine' }),
    ]);
  });

  it('lets a fresh quarantine settle (claims in flight) before terminating', () => {
    const fresh = { ...idle('q', 10 * MIN), quarantine: { kind: 'ours' as const, sinceMs: NOW - 5_000, claimedSince: false } };
    const decision = decideDrains(input([fresh]));
    expect(decision.actions).toEqual([]);
    expect(decision.kept).toEqual([
      { instanceId: 'q', region: 'us-east-1', reason: 'settling', detail: 'quarantined 5 s ago: claims already in flight get 20 s to show before it is terminated' },
    ]);
  });

  it('lifts the quarantine of a worker that claimed a task meanwhile, or that is needed warm again', () => {
    const claimed = decideDrains(input([draining(idle('q', 10 * MIN), true), draining(busy('r'))]));
    expect(claimed.actions).toEqual([
      { instanceId: 'q', region: 'us-east-1', action: 'lift', capacity: 1, reason: 'claimed a task since its quarantine: kept running, quarantine lifted' },
      expect.objectContaining({ instanceId: 'r', action: 'lift' }),
    ]);
    const needed = decideDrains(input([draining(idle('q', 10 * MIN))], { pendingTasks: 1 }));
    expect(needed.actions).toEqual([expect.objectContaining({ instanceId: 'q', action: 'lift', reason: '1 pending tasks need the idle capacity: quarantine lifted' })]);
  });

  it('leaves alone what it cannot read, what is still booting, and what someone else quarantined', () => {
    const decision = decideDrains(
      input([
        { ...idle('u', 10 * MIN), queue: { kind: 'unknown', reason: 'the status of its latest task could not be read' } },
        { ...idle('b', 0), queue: { kind: 'booting', launchedMs: NOW - 4 * MIN, graceMs: 10 * MIN } },
        { ...idle('o', 30 * MIN), quarantine: { kind: 'other', untilMs: NOW + 3600_000 } },
      ]),
    );
    expect(decision.actions).toEqual([]);
    expect(decision.kept.map((k) => [k.instanceId, k.reason, k.detail])).toEqual([
      ['u', 'unknown', 'the status of its latest task could not be read'],
      ['b', 'booting', 'not known to the queue yet, launched 4 min ago (grace 10 min)'],
      ['o', 'quarantined-elsewhere', 'quarantined by someone else until 2026-03-01T13:00:00.000Z: left alone'],
    ]);
  });

  it('drains nothing new without a forecast (too little history), and says so', () => {
    const decision = decideDrains(input([idle('a', 30 * MIN), draining(idle('q', 30 * MIN))], { forecast: null }));
    expect(byId(decision)).toEqual({ actions: { q: 'lift' }, kept: { a: 'no-forecast' } });
    expect(decision.expectedArrivals).toBeNull();
    expect(decision.explanation).toBe('No forecast yet (too little history): nothing new is drained; 1 idle; 1 drains called off.');
  });

  it('describes an instance that never claimed: since its first claim, or unknown to the queue since launch', () => {
    const never = decideDrains(
      input([
        { ...idle('f', 5 * MIN), queue: { kind: 'idle', sinceMs: NOW - 5 * MIN, basis: 'first-claim' } },
        { ...idle('l', 15 * MIN), queue: { kind: 'idle', sinceMs: NOW - 15 * MIN, basis: 'launch' } },
      ]),
    );
    expect(never.actions.map((a) => a.reason)).toEqual([
      'idle 15 min (unknown to the queue since its launch), queue empty, 0.3 tasks expected over the next 3-minute boot',
      'idle 5 min (no task since its first claim), queue empty, 0.3 tasks expected over the next 3-minute boot',
    ]);
  });
});

describe('scale-down over random small fleets', () => {
  const instance = fc.record({
    capacity: fc.integer({ min: 1, max: 4 }),
    price: fc.option(fc.integer({ min: 1, max: 100 }).map((cents) => cents / 100)),
    state: fc.constantFrom('busy', 'idle', 'unknown', 'booting'),
    idleMs: fc.integer({ min: 0, max: 60 * MIN }),
    quarantine: fc.constantFrom('none', 'ours', 'ours-claimed', 'other'),
  });
  const fleet = fc.record({
    instances: fc.array(instance, { maxLength: 12 }),
    minCapacity: fc.integer({ min: 0, max: 10 }),
    pendingTasks: fc.integer({ min: 0, max: 5 }),
    bootingCapacity: fc.integer({ min: 0, max: 5 }),
    keepWarm: fc.option(fc.integer({ min: 0, max: 6 })),
    minIdleSeconds: fc.integer({ min: 0, max: 900 }),
    budgetPercent: fc.integer({ min: 1, max: 100 }),
  });

  it('never chooses a busy instance, never one below its idle minimum, never below minCapacity or over the budget', () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const instances: DrainInstance[] = f.instances.map((spec, index) => ({
          instanceId: `i-${index}`,
          region: 'us-east-1',
          capacity: spec.capacity,
          pricePerUtility: spec.price,
          queue:
            spec.state === 'busy'
              ? { kind: 'busy' }
              : spec.state === 'unknown'
                ? { kind: 'unknown', reason: 'unreadable' }
                : spec.state === 'booting'
                  ? { kind: 'booting', launchedMs: NOW - MIN, graceMs: 10 * MIN }
                  : { kind: 'idle', sinceMs: NOW - spec.idleMs, basis: 'resolved' },
          quarantine:
            spec.quarantine === 'none'
              ? { kind: 'none' }
              : spec.quarantine === 'other'
                ? { kind: 'other', untilMs: NOW + MIN }
                : { kind: 'ours', sinceMs: NOW - 30_000, claimedSince: spec.quarantine === 'ours-claimed' },
        }));
        const settings = scaleDownSettings({ enabled: true, minIdleSeconds: f.minIdleSeconds, drainBudgetPercent: f.budgetPercent });
        const decision = decideDrains(
          input(instances, {
            settings,
            minCapacity: f.minCapacity,
            pendingTasks: f.pendingTasks,
            bootingCapacity: f.bootingCapacity,
            forecast: f.keepWarm === null ? null : forecast(f.keepWarm),
          }),
        );
        const spec = (id: string) => f.instances[Number(id.slice(2))]!;
        const draining = decision.actions.filter((a) => a.action !== 'lift');
        for (const action of draining) {
          const chosen = spec(action.instanceId);
          expect(chosen.state).toBe('idle');
          expect(chosen.quarantine === 'none' || chosen.quarantine === 'ours').toBe(true);
          if (action.action === 'quarantine') {
            expect(chosen.quarantine).toBe('none');
            expect(chosen.idleMs).toBeGreaterThanOrEqual(Math.max(f.minIdleSeconds * 1000, BOOT_MS));
          } else {
            expect(chosen.quarantine).toBe('ours');
          }
        }
        const total = instances.reduce((sum, i) => sum + i.capacity, 0) + f.bootingCapacity;
        const removed = draining.reduce((sum, a) => sum + a.capacity, 0);
        if (removed > 0) expect(total - removed).toBeGreaterThanOrEqual(f.minCapacity);
        expect(decision.actions.filter((a) => a.action === 'quarantine').length).toBeLessThanOrEqual(decision.budget);
        // every instance is accounted for exactly once
        expect(decision.actions.length + decision.kept.length).toBe(instances.length);
      }),
      { numRuns: 500 },
    );
  });
});
