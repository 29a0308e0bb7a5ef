import { planPlacement, seededRandom } from '../src';
import { launchesPerPool, placement, poolOf, spot } from './builders';

const twoTypes = [
  { instanceType: 'c5.large', capacity: 1, utility: 1 },
  { instanceType: 'c5.xlarge', capacity: 2, utility: 2.2 },
];

describe('placement', () => {
  it('launches in the cheapest zone per unit of utility', () => {
    const plan = planPlacement(
      placement({
        instanceTypes: twoTypes,
        change: 2,
        spotPrices: [
          spot('us-east-1a', 'c5.large', 0.05), // 0.05 per utility
          spot('us-east-1b', 'c5.xlarge', 0.088), // 0.04 per utility: cheaper though pricier per hour
          spot('us-east-1c', 'c5.large', 0.06),
        ],
      }),
    );
    expect(plan.launches.map(poolOf)).toEqual(['us-east-1b/c5.xlarge']);
    expect(plan.launches[0]?.pricePerUtility).toBeCloseTo(0.04);
    expect(plan.cheapestPricePerUtility).toBeCloseTo(0.04);
  });

  it('launches instances whose capacities add up to the change', () => {
    const plan = planPlacement(
      placement({ instanceTypes: twoTypes, change: 7, spotPrices: [spot('us-east-1a', 'c5.xlarge', 0.1)] }),
    );
    expect(plan.launches).toHaveLength(4);
    expect(plan).toMatchObject({ placedCapacity: 8, unmet: 0, market: 'spot' });
  });

  it('never adds more than the headroom, leaving the rest unmet', () => {
    const plan = planPlacement(
      placement({ instanceTypes: twoTypes, change: 7, headroom: 7, spotPrices: [spot('us-east-1a', 'c5.xlarge', 0.1)] }),
    );
    expect(plan).toMatchObject({ placedCapacity: 6, unmet: 1 });
  });

  it('fills the last units from a smaller type when the cheapest would overshoot the headroom', () => {
    const plan = planPlacement(
      placement({
        instanceTypes: twoTypes,
        change: 5,
        headroom: 5,
        spotPrices: [spot('us-east-1a', 'c5.xlarge', 0.1), spot('us-east-1a', 'c5.large', 0.09)],
      }),
    );
    expect(plan.placedCapacity).toBe(5);
    expect(launchesPerPool(plan.launches)).toEqual(new Map([['us-east-1a/c5.xlarge', 2], ['us-east-1a/c5.large', 1]]));
  });

  it('plans nothing for a change of zero or less', () => {
    for (const change of [0, -4]) {
      const plan = planPlacement(placement({ change, spotPrices: [spot('us-east-1a', 'c5.large', 0.1)] }));
      expect(plan).toMatchObject({ launches: [], unmet: 0, placedCapacity: 0, market: null });
    }
  });

  it('reports the whole change as unmet when no pool has a price', () => {
    expect(planPlacement(placement({ change: 5 }))).toMatchObject({ launches: [], unmet: 5, cheapestPricePerUtility: null });
  });

  it('spreads a batch across every pool within the tolerance of the cheapest', () => {
    const plan = planPlacement(
      placement({
        change: 12,
        spotPrices: [
          spot('us-east-1a', 'c5.large', 0.1),
          spot('us-east-1b', 'c5.large', 0.103),
          spot('us-east-1c', 'c5.large', 0.104),
        ],
      }),
    );
    expect(launchesPerPool(plan.launches)).toEqual(
      new Map([['us-east-1a/c5.large', 4], ['us-east-1b/c5.large', 4], ['us-east-1c/c5.large', 4]]),
    );
  });

  it('keeps pools beyond the tolerance out of the batch', () => {
    const plan = planPlacement(
      placement({
        change: 20,
        spotPrices: [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.104), spot('us-east-1c', 'c5.large', 0.106)],
      }),
    );
    expect([...launchesPerPool(plan.launches).keys()].sort()).toEqual(['us-east-1a/c5.large', 'us-east-1b/c5.large']);
  });

  it('widens or narrows the spread with the tolerance option', () => {
    const spotPrices = [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.104), spot('us-east-1c', 'c5.large', 0.106)];
    const narrow = planPlacement(placement({ change: 20, spotPrices, options: { tolerance: 0 } }));
    const wide = planPlacement(placement({ change: 20, spotPrices, options: { tolerance: 0.1 } }));
    expect(launchesPerPool(narrow.launches).size).toBe(1);
    expect(launchesPerPool(wide.launches).size).toBe(3);
  });

  it('measures the tolerance from the cheapest pool still available, so a failed pool moves the window', () => {
    const plan = planPlacement(
      placement({
        change: 9,
        spotPrices: [spot('us-east-1a', 'c5.large', 0.09), spot('us-east-1b', 'c5.large', 0.1), spot('us-east-1c', 'c5.large', 0.104)],
        recentlyUnavailable: [{ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large', until: 2_000_000 }],
      }),
    );
    // Without 1a, 1b is the cheapest and 1c is within 5% of it: they share the recovered share.
    const counts = launchesPerPool(plan.launches);
    expect([...counts.keys()].sort()).toEqual(['us-east-1b/c5.large', 'us-east-1c/c5.large']);
    expect([...counts.values()].sort()).toEqual([4, 5]);
  });

  it('moves on to the next pools when the cheapest reach the per-pool cap', () => {
    const plan = planPlacement(
      placement({
        change: 10,
        spotPrices: [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.2), spot('us-east-1c', 'c5.large', 0.3)],
        options: { maxLaunchesPerPool: 4 },
      }),
    );
    expect(launchesPerPool(plan.launches)).toEqual(
      new Map([['us-east-1a/c5.large', 4], ['us-east-1b/c5.large', 4], ['us-east-1c/c5.large', 2]]),
    );
  });

  it('gives the same plan for the same seed, and rotates the spread differently for another', () => {
    const input = placement({
      change: 4,
      availableZones: { 'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'] },
      spotPrices: ['a', 'b', 'c', 'd', 'e', 'f'].map((z) => spot(`us-east-1${z}`, 'c5.large', 0.1)),
    });
    const zonesFor = (seed: number) => planPlacement({ ...input, options: { seed } }).launches.map((l) => l.availabilityZone);
    expect(zonesFor(7)).toEqual(zonesFor(7));
    const distinct = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => zonesFor(seed).join()));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('uses an injected random source instead of the seed', () => {
    const input = placement({
      change: 3,
      spotPrices: ['a', 'b', 'c'].map((z) => spot(`us-east-1${z}`, 'c5.large', 0.1)),
    });
    const viaSeed = planPlacement({ ...input, options: { seed: 42 } });
    const viaSource = planPlacement({ ...input, options: { seed: 1, random: seededRandom(42) } });
    expect(viaSource.launches).toEqual(viaSeed.launches);
  });

  it('does not depend on the order prices are given in', () => {
    const spotPrices = [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.1), spot('us-east-1c', 'c5.large', 0.2)];
    const forward = planPlacement(placement({ change: 5, spotPrices }));
    const backward = planPlacement(placement({ change: 5, spotPrices: [...spotPrices].reverse() }));
    expect(backward.launches).toEqual(forward.launches);
  });
});
