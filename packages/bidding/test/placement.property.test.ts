import fc from 'fast-check';
import { capacityChange, DEFAULT_HARD_CEILING, DEFAULT_TOLERANCE, planPlacement, type Plan } from '../src';
import { crowdedInputs, placementInputs, type ListedPlacementInput } from './arbitraries';
import { launchesPerPool } from './builders';

const capacityInputs = fc
  .record({
    runningCapacity: fc.integer({ min: 0, max: 500 }),
    pendingCapacity: fc.integer({ min: 0, max: 200 }),
    pendingTasks: fc.integer({ min: 0, max: 2000 }),
    scalingRatio: fc.integer({ min: 0, max: 200 }).map((percent) => percent / 100),
    minCapacity: fc.integer({ min: 0, max: 100 }),
    extra: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ extra, ...rest }) => ({ ...rest, maxCapacity: rest.minCapacity + extra }));

const usableCount = (plan: Plan): number => (plan.cheapestPricePerUtility === null ? 0 : 1);

describe('capacity and placement invariants', () => {
  it('never plans capacity beyond maxCapacity', () => {
    fc.assert(
      fc.property(capacityInputs, placementInputs, (capacity, placement) => {
        const change = capacityChange(capacity);
        const plan = planPlacement({ ...placement, change: change.change, headroom: change.headroom });
        const existing = capacity.runningCapacity + capacity.pendingCapacity;
        expect(change.totalCapacity).toBeLessThanOrEqual(capacity.maxCapacity);
        if (existing <= capacity.maxCapacity) expect(existing + plan.placedCapacity).toBeLessThanOrEqual(capacity.maxCapacity);
        else expect(plan.placedCapacity).toBe(0);
      }),
    );
  });

  it('keeps total capacity within [minCapacity, maxCapacity] once the change is applied', () => {
    fc.assert(
      fc.property(capacityInputs, (input) => {
        const { totalCapacity } = capacityChange(input);
        expect(totalCapacity).toBeGreaterThanOrEqual(input.minCapacity);
        expect(totalCapacity).toBeLessThanOrEqual(input.maxCapacity);
      }),
    );
  });

  it('never launches in a pool above maxPrice per utility, nor submits above the ceiling', () => {
    fc.assert(
      fc.property(placementInputs, (input) => {
        for (const launch of planPlacement(input).launches) {
          expect(launch.pricePerUtility).toBeLessThanOrEqual(input.maxPrice);
          expect(launch.maxPrice).toBeLessThanOrEqual(DEFAULT_HARD_CEILING);
          expect(launch.maxPrice).toBeGreaterThanOrEqual(launch.spotPrice);
        }
      }),
    );
  });

  it('covers the change, by less than one instance too many, whenever a pool is usable', () => {
    fc.assert(
      fc.property(placementInputs, (input) => {
        const plan = planPlacement(input);
        if (usableCount(plan) === 0 || input.change <= 0) return;
        const largest = Math.max(...input.instanceTypes.map((t) => t.capacity));
        expect(plan.unmet).toBe(0);
        expect(plan.placedCapacity).toBeGreaterThanOrEqual(input.change);
        expect(plan.placedCapacity).toBeLessThan(input.change + largest);
      }),
    );
  });

  it('covers the change exactly within a headroom equal to it when a capacity-1 type is usable', () => {
    fc.assert(
      fc.property(placementInputs, (generated) => {
        const input = { ...generated, instanceTypes: generated.instanceTypes.map((t, i) => (i === 0 ? { ...t, capacity: 1 } : t)) };
        const plan = planPlacement({ ...input, headroom: Math.max(0, input.change) });
        const smallest = input.instanceTypes[0]?.instanceType;
        const oneUnitUsable = plan.market !== null && !plan.rejections.some((r) => r.instanceType === smallest && r.market === plan.market);
        if (input.change > 0 && oneUnitUsable) expect(plan.placedCapacity).toBe(input.change);
        expect(plan.placedCapacity).toBeLessThanOrEqual(Math.max(0, input.change));
      }),
    );
  });

  it('gives the same plan for the same seed', () => {
    fc.assert(
      fc.property(placementInputs, (input) => {
        expect(planPlacement(input)).toEqual(planPlacement(structuredClone(input)));
      }),
    );
  });

  it('spreads a batch of 10 or more over at least 3 pools when 3 or more are within the tolerance', () => {
    fc.assert(
      fc.property(crowdedInputs, (input) => {
        const plan = planPlacement(input);
        const cheapest = plan.cheapestPricePerUtility;
        fc.pre(cheapest !== null && plan.market === 'spot' && plan.launches.length >= 10);
        const inTolerance = usablePoolScores(input, plan).filter((score) => score <= cheapest * (1 + DEFAULT_TOLERANCE));
        fc.pre(inTolerance.length >= 3);
        expect(launchesPerPool(plan.launches).size).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 200, maxSkipsPerRun: 2 },
    );
  });

  it('gives no pool more launches than the per-pool cap, and covers the change while capped pools suffice', () => {
    fc.assert(
      fc.property(crowdedInputs, fc.integer({ min: 1, max: 30 }), (input, cap) => {
        const plan = planPlacement({ ...input, options: { ...input.options, maxLaunchesPerPool: cap } });
        const counts = launchesPerPool(plan.launches);
        for (const launches of counts.values()) expect(launches).toBeLessThanOrEqual(cap);
        if (plan.unmet > 0) {
          const usable = usablePoolScores(input, plan).length;
          expect(counts.size).toBe(usable); // every usable pool was filled to its cap first
          for (const launches of counts.values()) expect(launches).toBe(cap);
        }
      }),
    );
  });

  it('pays on average no more than the tolerance above the cheapest usable pool', () => {
    fc.assert(
      fc.property(placementInputs, (input) => {
        const plan = planPlacement(input);
        if (plan.launches.length === 0 || plan.cheapestPricePerUtility === null) return;
        const mean = plan.launches.reduce((sum, l) => sum + l.pricePerUtility, 0) / plan.launches.length;
        expect(mean).toBeLessThanOrEqual(plan.cheapestPricePerUtility * (1 + DEFAULT_TOLERANCE) + 1e-12);
      }),
    );
  });

  it('rejects each refused pool once, and only pools never launched in', () => {
    fc.assert(
      fc.property(placementInputs, (input) => {
        const plan = planPlacement(input);
        const key = (p: { market: string; region: string; availabilityZone: string | null; instanceType: string }) =>
          `${p.market}/${p.region}/${p.availabilityZone}/${p.instanceType}`;
        const rejected = plan.rejections.map(key);
        expect(new Set(rejected).size).toBe(rejected.length);
        for (const launch of plan.launches) expect(rejected).not.toContain(key(launch));
      }),
    );
  });
});

/** Scores of the pools of the plan's market that no filter refused, recomputed from the input. */
function usablePoolScores(input: ListedPlacementInput, plan: Plan): number[] {
  const refused = new Set(plan.rejections.filter((r) => r.market === plan.market).map((r) => `${r.availabilityZone}/${r.instanceType}`));
  const utility = new Map(input.instanceTypes.map((t) => [t.instanceType, t.utility]));
  return input.spotPrices
    .filter((p) => input.regions.includes(p.region) && !refused.has(`${p.availabilityZone}/${p.instanceType}`))
    .map((p) => p.price / (utility.get(p.instanceType) ?? 1));
}
