import { DemandMemory } from '../src/policy/demand-memory';
import { planRound } from '@spot-provisioner/planner';
import { lookaheadPolicyWith, DEFAULT_LOOKAHEAD_SETTINGS } from '@spot-provisioner/bidding';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';
import { workerTypeSample } from '@spot-provisioner/testing';

const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const instance = (instanceId: string, state: 'pending' | 'running', launchTime: number) => ({ instanceId, state, launchTime });

describe('DemandMemory', () => {
  it('measures a boot as the time from launch to the first iteration that sees the instance running', () => {
    const memory = new DemandMemory();
    memory.observeInstances('wt', [instance('i-1', 'pending', T0), instance('i-2', 'pending', T0 + 30_000)], T0 + 60_000);
    expect(memory.observedBootMs('wt')).toBeUndefined();
    memory.observeInstances('wt', [instance('i-1', 'running', T0), instance('i-2', 'pending', T0 + 30_000)], T0 + 210_000);
    expect(memory.observedBootMs('wt')).toBe(210_000);
    // an instance never seen booting (running at the daemon's start) measures nothing
    memory.observeInstances('wt', [instance('i-3', 'running', T0)], T0 + 400_000);
    expect(memory.observedBootMs('wt')).toBe(210_000);
    expect(memory.observedBootMs('other')).toBeUndefined();
  });

  it('keeps one observation per iteration for each worker type, and forgets all on clear', () => {
    const memory = new DemandMemory();
    memory.record('wt', { at: T0, pendingTasks: 1, runningCapacity: 0, pendingCapacity: 0 });
    memory.record('wt', { at: T0, pendingTasks: 4, runningCapacity: 0, pendingCapacity: 0 });
    memory.record('wt', { at: T0 + 30_000, pendingTasks: 5, runningCapacity: 0, pendingCapacity: 0 });
    expect(memory.history('wt', T0 + 30_000)).toEqual([{ at: T0, pendingTasks: 4, runningCapacity: 0, pendingCapacity: 0 }]);
    memory.clear();
    expect(memory.history('wt', T0 + 60_000)).toEqual([]);
  });
});

describe("the plan asks the worker type's demand policy", () => {
  const definition = (policy?: string): WorkerTypeDefinition => {
    // the sample names no zones: the schema's default (every zone) fills them in
    const raw = workerTypeSample<Omit<WorkerTypeDefinition, 'availabilityZones'>>('tiny-ondemand-ok');
    return { availabilityZones: [], ...raw, ...(policy ? { policy } : {}) } as WorkerTypeDefinition;
  };
  const plan = (memory: DemandMemory, now: number, pendingTasks: number, policy?: string) =>
    planRound(
      {
        definition: definition(policy),
        capacity: { runningCapacity: 2, pendingCapacity: 0, requestedCapacity: 0 },
        pendingTasks,
        market: { managedRegions: ['us-west-2'], availableZones: { 'us-west-2': ['us-west-2a'] }, spotPrices: [], onDemandPrices: [] },
        recentlyUnavailable: [],
        now,
        demand: memory.contextFor('wt', { at: now, pendingTasks, runningCapacity: 2, pendingCapacity: 0 }, []),
      },
      0,
    );

  it('uses classic when the definition names no policy, and says which policy decided', () => {
    expect(plan(new DemandMemory(), T0, 3).demand).toMatchObject({ policy: 'classic', change: { change: 3 } });
  });

  it('gives lookahead the observations of earlier iterations, so a growing queue launches ahead', () => {
    const memory = new DemandMemory();
    memory.useVariant(lookaheadPolicyWith({ ...DEFAULT_LOOKAHEAD_SETTINGS, growthWeight: 1, minEvidence: 2 }));
    for (const [step, pending] of [1, 2, 3].entries()) plan(memory, T0 + step * 30_000, pending, 'lookahead');
    // +1 task per 30 s over a 180 s boot: 6 more; bounded by maxCapacity 10 with 2 running
    expect(plan(memory, T0 + 90_000, 4, 'lookahead').demand).toMatchObject({ policy: 'lookahead', change: { change: 8, bounded: 'max' } });
    // a preview has no memory: lookahead decides from the present alone, like classic
    const preview = planRound(
      {
        definition: definition('lookahead'),
        capacity: { runningCapacity: 2, pendingCapacity: 0, requestedCapacity: 0 },
        pendingTasks: 4,
        market: { managedRegions: ['us-west-2'], availableZones: { 'us-west-2': ['us-west-2a'] }, spotPrices: [], onDemandPrices: [] },
        recentlyUnavailable: [],
        now: T0 + 90_000,
      },
      0,
    );
    expect(preview.demand).toMatchObject({ policy: 'lookahead', change: { change: 4 } });
  });
});
