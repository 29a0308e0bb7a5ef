/** The sample fleet against the five-regions price history: realistic prices, uneven zones. */
import { capacityChange, DEFAULT_TOLERANCE, planPlacement } from '../src';
import { fiveRegions, placementInput, workerType } from './fixtures';
import { launchesPerPool, poolOf } from './builders';

const prices = fiveRegions();
const ciLinuxLarge = workerType('ci-linux-large');

describe('ci-linux-large on five-regions prices', () => {
  const plan = planPlacement(placementInput(ciLinuxLarge, prices, 200));

  it('covers 200 capacity units with spot launches', () => {
    expect(plan).toMatchObject({ market: 'spot', unmet: 0, placedCapacity: 200 });
  });

  it('launches where c6i.2xlarge is cheapest per unit of utility: us-west-2d', () => {
    // 0.090862 USD/h ÷ 1.15 utility ≈ 0.0790; the next pool (us-east-1d) is 6.5% dearer, outside the 5% tolerance.
    expect([...launchesPerPool(plan.launches).keys()]).toEqual(['us-west-2d/c6i.2xlarge']);
    expect(plan.cheapestPricePerUtility).toBeCloseTo(0.07901, 5);
  });

  it('pays within the tolerance of the cheapest price per utility', () => {
    const mean = plan.launches.reduce((sum, l) => sum + l.pricePerUtility, 0) / plan.launches.length;
    expect(mean / (plan.cheapestPricePerUtility ?? 0)).toBeLessThanOrEqual(1 + DEFAULT_TOLERANCE);
  });

  it('explains the us-east-1 zones the worker type does not list', () => {
    const unlisted = plan.rejections.filter((r) => r.filter === 'zone-not-configured').map(poolOf);
    expect(unlisted).toHaveLength(2 * 3);
    expect(new Set(unlisted.map((p) => p.split('/')[0]))).toEqual(new Set(['us-east-1b', 'us-east-1f']));
  });

  it('submits maxPrice × utility as the max price', () => {
    expect(plan.launches[0]?.maxPrice).toBeCloseTo(0.6 * 1.15);
  });

  it('moves to the next cheapest pools when the cheapest recently ran out of capacity', () => {
    const failed = { region: 'us-west-2', availabilityZone: 'us-west-2d', instanceType: 'c6i.2xlarge', until: Number.MAX_SAFE_INTEGER };
    const next = planPlacement(placementInput(ciLinuxLarge, prices, 200, { recentlyUnavailable: [failed] }));
    expect([...launchesPerPool(next.launches).keys()]).toEqual(['us-east-1d/c6i.2xlarge']);
    expect(next.rejections.filter((r) => r.filter === 'recently-unavailable').map(poolOf)).toEqual(['us-west-2d/c6i.2xlarge']);
  });

  it('spreads over more pools with a wider tolerance, still within it on average', () => {
    const wide = planPlacement(placementInput(ciLinuxLarge, prices, 200, { options: { tolerance: 0.3 } }));
    expect(launchesPerPool(wide.launches).size).toBeGreaterThanOrEqual(3);
    const mean = wide.launches.reduce((sum, l) => sum + l.pricePerUtility, 0) / wide.launches.length;
    expect(mean / (wide.cheapestPricePerUtility ?? 0)).toBeLessThanOrEqual(1.3);
  });

  it('places only what maxCapacity leaves room for', () => {
    const change = capacityChange({ runningCapacity: 150, pendingCapacity: 45, pendingTasks: 400, scalingRatio: 0.2, minCapacity: 2, maxCapacity: 200 });
    const bounded = planPlacement(placementInput(ciLinuxLarge, prices, change.change, { headroom: change.headroom }));
    expect(change).toMatchObject({ change: 5, bounded: 'max' });
    expect(bounded.placedCapacity).toBe(4); // capacity-2 instances: a third would reach 201
    expect(bounded.unmet).toBe(1);
  });
});

describe('tiny-ondemand-ok on five-regions prices', () => {
  const tiny = workerType('tiny-ondemand-ok');

  it('runs on spot m5.large in us-west-2 when spot is within maxPrice', () => {
    const plan = planPlacement(placementInput(tiny, prices, 3));
    expect(plan.market).toBe('spot');
    expect(plan.launches.every((l) => l.region === 'us-west-2' && l.instanceType === 'm5.large')).toBe(true);
  });

  it('falls back to on-demand m5.large when every spot pool recently failed', () => {
    const failed = prices.availableZones['us-west-2']?.map((availabilityZone) => ({
      region: 'us-west-2',
      availabilityZone,
      instanceType: 'm5.large',
      until: Number.MAX_SAFE_INTEGER,
      market: 'spot' as const,
    }));
    const plan = planPlacement(placementInput(tiny, prices, 3, { recentlyUnavailable: failed }));
    expect(plan.market).toBe('on-demand');
    expect(plan.launches.map((l) => l.spotPrice)).toEqual([0.096, 0.096, 0.096]);
    expect(launchesPerPool(plan.launches).size).toBe(3);
  });
});
