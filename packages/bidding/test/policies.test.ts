import fc from 'fast-check';
import {
  capacityChange,
  classicPolicy,
  DEFAULT_LOOKAHEAD_SETTINGS,
  DEMAND_HISTORY_MS,
  demandPolicy,
  InvalidBiddingInputError,
  lookaheadPolicy,
  lookaheadPolicyWith,
  rememberObservation,
  type DemandObservation,
  type DemandPolicyInput,
} from '../src';

const NOW = 1_800_000_000_000;
const STEP = 30_000;

const base: DemandPolicyInput = {
  runningCapacity: 20,
  pendingCapacity: 0,
  pendingTasks: 0,
  scalingRatio: 0,
  minCapacity: 0,
  maxCapacity: 500,
  now: NOW,
  history: [],
};

/** Observations every 30 s ending one iteration before NOW, pending counts as given. */
function saturatedHistory(pending: readonly number[], running = 20): DemandObservation[] {
  return pending.map((pendingTasks, index) => ({
    at: NOW - (pending.length - index) * STEP,
    pendingTasks,
    runningCapacity: running,
    pendingCapacity: 0,
  }));
}

describe('demand policies', () => {
  it('classic is exactly capacityChange, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.record({
          runningCapacity: fc.nat(500),
          pendingCapacity: fc.nat(500),
          pendingTasks: fc.nat(2000),
          scalingRatio: fc.double({ min: 0, max: 2, noNaN: true }),
          minCapacity: fc.nat(50),
          extra: fc.nat(1000),
        }),
        ({ extra, ...input }) => {
          const full = { ...input, maxCapacity: input.minCapacity + extra, now: NOW, history: [] };
          const { policy, estimates, ...change } = classicPolicy.decide(full);
          expect(policy).toBe('classic');
          expect(estimates).toEqual({});
          expect(change).toEqual(capacityChange(full));
        },
      ),
    );
  });

  it('lookahead without saturated history is classic (a cold burst, a restart)', () => {
    const input = { ...base, pendingTasks: 120, pendingCapacity: 10 };
    expect(lookaheadPolicy.decide(input).change).toBe(classicPolicy.decide(input).change);
    const quiet = { ...input, history: saturatedHistory([0, 0, 0, 0, 0, 0, 0, 0]) };
    expect(lookaheadPolicy.decide(quiet).change).toBe(110);
  });

  it('lookahead launches ahead of a queue that keeps growing while every slot is busy', () => {
    // +3 tasks per 30 s for 4 minutes: 0.1 task/s, over a 180 s boot 18 more, half of it by default
    const input = { ...base, pendingTasks: 27, history: saturatedHistory([3, 6, 9, 12, 15, 18, 21, 24]) };
    const decision = lookaheadPolicy.decide(input);
    expect(decision.estimates).toMatchObject({ netGrowthPerS: 0.1, expectedPendingAtBoot: 36, bootMs: 180_000 });
    expect(decision.change).toBe(36);
    const trusting = lookaheadPolicyWith({ ...DEFAULT_LOOKAHEAD_SETTINGS, growthWeight: 1 });
    expect(trusting.decide(input).change).toBe(45);
    expect(classicPolicy.decide(input).change).toBe(27);
  });

  it('lookahead looks ahead over the boot time the daemon measured', () => {
    const input = { ...base, pendingTasks: 27, history: saturatedHistory([3, 6, 9, 12, 15, 18, 21, 24]), observedBootMs: 420_000 };
    expect(lookaheadPolicy.decide(input).change).toBe(27 + 21);
  });

  it('lookahead launches less for a queue that running capacity is already draining', () => {
    const input = { ...base, pendingTasks: 22, history: saturatedHistory([40, 38, 36, 34, 32, 30, 28, 26, 24]) };
    // −2 tasks per 30 s: 12 fewer waiting by the time an instance is up
    expect(lookaheadPolicy.decide(input).change).toBe(10);
  });

  it('lookahead does not take one step (a push fanning out) for a trend', () => {
    const fresh = { ...base, pendingTasks: 300, history: saturatedHistory([0, 0, 0, 0, 0, 0, 100, 200]) };
    expect(lookaheadPolicy.decide(fresh).change).toBe(300);
    // a step among level intervals: the lower quartile does not grow
    const stepped = { ...base, pendingTasks: 200, history: saturatedHistory([50, 50, 50, 50, 50, 200, 200, 200]) };
    expect(lookaheadPolicy.decide(stepped).estimates.netGrowthPerS).toBe(0);
    expect(lookaheadPolicy.decide(stepped).change).toBe(200);
  });

  it('counts tasks that newly running capacity took as arrivals, not as drain', () => {
    // pending flat while 2 units a step started running: arrivals outpace the old capacity by 2 per step
    const history = [10, 10, 10, 10, 10, 10, 10].map((pendingTasks, index, all) => ({
      at: NOW - (all.length - index) * STEP,
      pendingTasks,
      runningCapacity: 20 + 2 * index,
      pendingCapacity: 0,
    }));
    const decision = lookaheadPolicy.decide({ ...base, runningCapacity: 34, pendingTasks: 10, history });
    expect(decision.estimates.netGrowthPerS).toBeCloseTo(2 / 30, 6);
  });

  it('lookahead stays within min and max like classic', () => {
    const input = { ...base, pendingTasks: 27, maxCapacity: 30, history: saturatedHistory([3, 6, 9, 12, 15, 18, 21, 24]) };
    expect(lookaheadPolicy.decide(input)).toMatchObject({ change: 10, bounded: 'max' });
  });

  it('names classic when a definition names none, and refuses an unknown name listing the allowed ones', () => {
    expect(demandPolicy(undefined)).toBe(classicPolicy);
    expect(demandPolicy('lookahead')).toBe(lookaheadPolicy);
    expect(() => demandPolicy('psychic')).toThrow(InvalidBiddingInputError);
    expect(() => demandPolicy('psychic')).toThrow(/allowed: classic, lookahead/);
  });

  it('has documented defaults', () => {
    expect(DEFAULT_LOOKAHEAD_SETTINGS.bootEstimateMs).toBe(180_000);
  });
});

describe('rememberObservation', () => {
  const at = (ms: number, pendingTasks = 1): DemandObservation => ({ at: ms, pendingTasks, runningCapacity: 1, pendingCapacity: 0 });

  it('keeps one observation per iteration: a re-plan at the same instant replaces it', () => {
    const history = rememberObservation(rememberObservation([at(NOW - STEP)], at(NOW, 1)), at(NOW, 5));
    expect(history).toEqual([at(NOW - STEP), at(NOW, 5)]);
  });

  it('forgets observations older than the history window', () => {
    const history = rememberObservation([at(NOW - DEMAND_HISTORY_MS), at(NOW - DEMAND_HISTORY_MS + 1)], at(NOW));
    expect(history).toEqual([at(NOW - DEMAND_HISTORY_MS + 1), at(NOW)]);
  });

  it('starts afresh when time goes backwards', () => {
    expect(rememberObservation([at(NOW)], at(NOW - STEP))).toEqual([at(NOW - STEP)]);
  });
});
