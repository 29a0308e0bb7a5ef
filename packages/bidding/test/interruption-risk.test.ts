import {
  EXPECTED_LOST_WORK_HOURS,
  indexInterruptionRates,
  InterruptionRateIndex,
  interruptionRate,
  isInvalidBiddingInputError,
  planPlacement,
  PRIOR_INSTANCE_HOURS,
  PRIOR_INTERRUPTIONS_PER_HOUR,
  riskPenalty,
} from '../src';
import { launchesPerPool, onDemand, placement, poolOf, spot } from './builders';


describe('a pool\'s learned interruption rate', () => {
  it('is the prior before the pool has a record', () => {
    expect(interruptionRate(undefined)).toBeCloseTo(PRIOR_INTERRUPTIONS_PER_HOUR);
  });

  it('is interruptions per instance-hour, smoothed toward the prior by its weight in hours', () => {
    const expected = (4 + PRIOR_INTERRUPTIONS_PER_HOUR * PRIOR_INSTANCE_HOURS) / (40 + PRIOR_INSTANCE_HOURS);
    expect(interruptionRate({ interruptions: 4, instanceHours: 40 })).toBeCloseTo(expected);
    // a long record outweighs the prior: 100 interruptions in 1,000 hours is 0.1 per hour
    expect(interruptionRate({ interruptions: 100, instanceHours: 1_000 })).toBeCloseTo(0.1, 2);
  });

  it('costs rate × expected lost work on the price', () => {
    expect(riskPenalty(0.1)).toBeCloseTo(0.1 * EXPECTED_LOST_WORK_HOURS);
    expect(riskPenalty(0.1, 2)).toBeCloseTo(0.2);
  });

  it('is indexed per pool, with the prior for pools without a record', () => {
    const index = indexInterruptionRates([{ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large', interruptions: 1, instanceHours: 0 }]);
    expect(index.rateOf('us-east-1', 'us-east-1a', 'c5.large')).toBeCloseTo((1 + PRIOR_INTERRUPTIONS_PER_HOUR * PRIOR_INSTANCE_HOURS) / PRIOR_INSTANCE_HOURS);
    expect(index.rateOf('us-east-1', 'us-east-1b', 'c5.large')).toBe(PRIOR_INTERRUPTIONS_PER_HOUR);
  });
});

describe('the interruption-risk score', () => {
  const rates = (entries: Record<string, number>) =>
    new InterruptionRateIndex(
      Object.entries(entries).map(([pool, rate]) => {
        const [availabilityZone = '', instanceType = ''] = pool.split('/');
        return { region: availabilityZone.slice(0, -1), availabilityZone, instanceType, rate };
      }),
      0,
    );
  const equalPrices = [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.1), spot('us-east-1c', 'c5.large', 0.1)];

  it('moves launches away from a pool that keeps being interrupted, at equal prices', () => {
    const plan = planPlacement(placement({ change: 6, spotPrices: equalPrices, interruptionRates: rates({ 'us-east-1a/c5.large': 0.4 }) }));
    expect(launchesPerPool(plan.launches).get('us-east-1a/c5.large')).toBeUndefined();
    expect(plan.placedCapacity).toBe(6);
  });

  it('ranks by price ÷ utility × (1 + rate × expected lost work): a risky pool still wins when it is cheap enough', () => {
    // 0.1 × (1 + 0.2 × 0.5) = 0.11 against 0.12 in the safe pool
    const prices = [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.12)];
    const plan = planPlacement(
      placement({ change: 2, spotPrices: prices, interruptionRates: rates({ 'us-east-1a/c5.large': 0.2 }), options: { expectedLostWorkHours: 0.5 } }),
    );
    expect(plan.launches.map(poolOf)).toEqual(['us-east-1a/c5.large', 'us-east-1a/c5.large']);
    expect(plan.launches[0]).toMatchObject({ pricePerUtility: 0.1, interruptionRate: 0.2, riskPenalty: 0.1 });
    expect(plan.launches[0]?.score).toBeCloseTo(0.11);
  });

  it('shows the rate and penalty of every pool it weighed', () => {
    const plan = planPlacement(
      placement({ change: 1, spotPrices: equalPrices, interruptionRates: rates({ 'us-east-1a/c5.large': 0.4, 'us-east-1b/c5.large': 0.02 }), options: { consideredPools: 10 } }),
    );
    expect(plan.considered.map(poolOf)).toEqual(['us-east-1c/c5.large', 'us-east-1b/c5.large', 'us-east-1a/c5.large']); // best score first
    const byPool = new Map(plan.considered.map((p) => [poolOf(p), p]));
    expect(byPool.size).toBe(3);
    expect(byPool.get('us-east-1a/c5.large')).toMatchObject({ interruptionRate: 0.4, riskPenalty: 0.4 * EXPECTED_LOST_WORK_HOURS });
    expect(byPool.get('us-east-1b/c5.large')).toMatchObject({ interruptionRate: 0.02, riskPenalty: 0.02 * EXPECTED_LOST_WORK_HOURS });
    expect(byPool.get('us-east-1c/c5.large')).toMatchObject({ interruptionRate: 0, riskPenalty: 0, score: 0.1 });
  });

  it('is price-only without learned rates: the same plan as before, no rate shown', () => {
    const plan = planPlacement(placement({ change: 6, spotPrices: equalPrices, options: { consideredPools: 10 } }));
    expect([...launchesPerPool(plan.launches).values()]).toEqual([2, 2, 2]);
    expect(plan.considered).toHaveLength(3);
    for (const pool of plan.considered) expect(pool).toMatchObject({ interruptionRate: null, riskPenalty: 0, score: pool.pricePerUtility });
  });

  it('leaves on-demand pools unpenalised: EC2 does not reclaim them', () => {
    const plan = planPlacement(
      placement({
        canUseSpot: false,
        canUseOndemand: true,
        onDemandPrices: [onDemand('us-east-1', 'c5.large', 0.2)],
        interruptionRates: rates({ 'us-east-1a/c5.large': 5 }),
      }),
    );
    expect(plan.launches[0]).toMatchObject({ market: 'on-demand', interruptionRate: null, riskPenalty: 0 });
  });

  it('refuses a negative expected lost work, with the reason', () => {
    try {
      planPlacement(placement({ options: { expectedLostWorkHours: -1 } }));
      throw new Error('expected a refusal');
    } catch (err) {
      expect(isInvalidBiddingInputError(err)).toBe(true);
      expect((err as { problems: string[] }).problems.join()).toContain('expectedLostWorkHours');
    }
  });
});

describe('the weighed pools a plan lists', () => {
  const many = Array.from({ length: 250 }, (_, i) => spot(`us-east-1${'abc'[i % 3]}`, `t${i}.large`, 0.1 + ((i * 37) % 250) / 1000));
  const input = (consideredPools?: number) =>
    placement({ change: 1, spotPrices: many, instanceTypes: many.map((p) => ({ instanceType: p.instanceType, capacity: 1, utility: 1 })), ...(consideredPools === undefined ? {} : { options: { consideredPools } }) });

  it('lists none unless asked, and the best by score, best first, up to the number asked', () => {
    expect(planPlacement(input()).considered).toEqual([]);
    const listed = planPlacement(input(100)).considered;
    expect(listed).toHaveLength(100);
    expect(listed.map((p) => p.score)).toEqual([...listed.map((p) => p.score)].sort((a, b) => a - b));
    const all = planPlacement(input(1000)).considered;
    expect(all).toHaveLength(250); // each type priced in one zone of three
    expect(listed).toEqual(all.slice(0, 100));
  });

  it('refuses a negative or fractional number of pools to list', () => {
    expect(() => planPlacement(input(-1))).toThrow(/consideredPools/);
    expect(() => planPlacement(input(2.5))).toThrow(/consideredPools/);
  });
});
