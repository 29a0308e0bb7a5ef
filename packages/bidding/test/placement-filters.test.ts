import { planPlacement, InvalidBiddingInputError, DEFAULT_HARD_CEILING, type Rejection } from '../src';
import { placement, spot, onDemand } from './builders';

const rejectionsBy = (rejections: readonly Rejection[], filter: Rejection['filter']): string[] =>
  rejections.filter((r) => r.filter === filter).map((r) => `${r.availabilityZone ?? r.region}/${r.instanceType}`);

describe('placement filters', () => {
  it('refuses regions the provisioner does not manage, naming region and type', () => {
    const plan = planPlacement(
      placement({
        regions: ['us-east-1', 'ap-south-1'],
        spotPrices: [spot('us-east-1a', 'c5.large', 0.1), spot('ap-south-1a', 'c5.large', 0.01)],
      }),
    );
    expect(plan.launches.map((l) => l.region)).toEqual(['us-east-1']);
    expect(rejectionsBy(plan.rejections, 'region-not-managed')).toEqual(['ap-south-1/c5.large']);
    expect(plan.rejections.find((r) => r.filter === 'region-not-managed')?.reason).toMatch(/ap-south-1 is not managed/);
  });

  it('refuses a managed region whose zones are unknown', () => {
    const plan = planPlacement(placement({ regions: ['us-east-1', 'us-west-2'], managedRegions: ['us-east-1', 'us-west-2'] }));
    expect(rejectionsBy(plan.rejections, 'zone-unknown')).toEqual(['us-west-2/c5.large']);
  });

  it('uses only the configured zones of a region that lists some', () => {
    const plan = planPlacement(
      placement({
        availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1b' }],
        spotPrices: [spot('us-east-1a', 'c5.large', 0.01), spot('us-east-1b', 'c5.large', 0.2), spot('us-east-1c', 'c5.large', 0.01)],
      }),
    );
    expect(plan.launches.map((l) => l.availabilityZone)).toEqual(['us-east-1b']);
    expect(rejectionsBy(plan.rejections, 'zone-not-configured')).toEqual(['us-east-1a/c5.large', 'us-east-1c/c5.large']);
  });

  it('refuses a configured zone that EC2 does not report available', () => {
    const plan = planPlacement(
      placement({
        availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1e' }],
        spotPrices: [spot('us-east-1e', 'c5.large', 0.01)],
      }),
    );
    expect(plan.launches).toEqual([]);
    expect(rejectionsBy(plan.rejections, 'zone-not-available')).toEqual(['us-east-1e/c5.large']);
  });

  it('refuses pools without a price', () => {
    const plan = planPlacement(placement({ spotPrices: [spot('us-east-1a', 'c5.large', 0.1)] }));
    expect(rejectionsBy(plan.rejections, 'no-price')).toEqual(['us-east-1b/c5.large', 'us-east-1c/c5.large']);
  });

  it('judges a pool listed twice in the price list at its highest price', () => {
    const plan = planPlacement(
      placement({ maxPrice: 0.15, spotPrices: [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1a', 'c5.large', 0.2)] }),
    );
    expect(plan.launches).toEqual([]);
    expect(rejectionsBy(plan.rejections, 'above-max-price')).toEqual(['us-east-1a/c5.large']);
  });

  it('refuses pools whose price per utility is above maxPrice', () => {
    const plan = planPlacement(
      placement({
        instanceTypes: [
          { instanceType: 'c5.large', capacity: 1, utility: 1 },
          { instanceType: 'c5.xlarge', capacity: 2, utility: 2 },
        ],
        availableZones: { 'us-east-1': ['us-east-1a'] },
        maxPrice: 0.1,
        spotPrices: [spot('us-east-1a', 'c5.large', 0.12), spot('us-east-1a', 'c5.xlarge', 0.18)],
      }),
    );
    expect(rejectionsBy(plan.rejections, 'above-max-price')).toEqual(['us-east-1a/c5.large']);
    expect(plan.launches.map((l) => l.instanceType)).toEqual(['c5.xlarge']);
  });

  it('still uses a pool below minPrice, and submits the max price raised to minPrice × utility', () => {
    const plan = planPlacement(
      placement({
        instanceTypes: [{ instanceType: 'c5.xlarge', capacity: 2, utility: 2 }],
        minPrice: 0.5,
        maxPrice: 0.3,
        spotPrices: [spot('us-east-1a', 'c5.xlarge', 0.02)],
      }),
    );
    expect(plan.launches[0]).toMatchObject({ spotPrice: 0.02, pricePerUtility: 0.01, maxPrice: 1 });
  });

  it('submits maxPrice × utility as the max price when it is above minPrice', () => {
    const plan = planPlacement(
      placement({
        instanceTypes: [{ instanceType: 'c5.xlarge', capacity: 2, utility: 1.5 }],
        minPrice: 0.1,
        maxPrice: 0.4,
        spotPrices: [spot('us-east-1a', 'c5.xlarge', 0.3)],
      }),
    );
    expect(plan.launches[0]?.maxPrice).toBeCloseTo(0.6);
  });

  it(`refuses, rather than caps, a launch whose max price would exceed the ${DEFAULT_HARD_CEILING} USD/h ceiling`, () => {
    const plan = planPlacement(
      placement({
        instanceTypes: [
          { instanceType: 'p4d.24xlarge', capacity: 8, utility: 20 },
          { instanceType: 'c5.large', capacity: 1, utility: 1 },
        ],
        availableZones: { 'us-east-1': ['us-east-1a'] },
        maxPrice: 0.6,
        spotPrices: [spot('us-east-1a', 'p4d.24xlarge', 4), spot('us-east-1a', 'c5.large', 0.5)],
      }),
    );
    expect(rejectionsBy(plan.rejections, 'above-ceiling')).toEqual(['us-east-1a/p4d.24xlarge']);
    expect(plan.rejections[0]?.reason).toMatch(/12 USD\/h is above the hard ceiling 10 USD\/h/);
    expect(plan.launches.every((l) => l.maxPrice <= DEFAULT_HARD_CEILING)).toBe(true);
  });

  it('takes the hard ceiling from the options', () => {
    const plan = planPlacement(
      placement({ maxPrice: 0.6, spotPrices: [spot('us-east-1a', 'c5.large', 0.1)], options: { hardCeiling: 0.5 } }),
    );
    expect(plan.launches).toEqual([]);
    expect(rejectionsBy(plan.rejections, 'above-ceiling')).toEqual(['us-east-1a/c5.large']);
  });

  it('skips a pool that recently failed for lack of capacity until its expiry', () => {
    const prices = [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.2)];
    const failed = [{ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large', until: 5_000 }];
    const during = planPlacement(placement({ spotPrices: prices, recentlyUnavailable: failed, now: 4_999 }));
    expect(during.launches.map((l) => l.availabilityZone)).toEqual(['us-east-1b']);
    expect(rejectionsBy(during.rejections, 'recently-unavailable')).toEqual(['us-east-1a/c5.large']);

    const after = planPlacement(placement({ spotPrices: prices, recentlyUnavailable: failed, now: 5_000 }));
    expect(after.launches.map((l) => l.availabilityZone)).toEqual(['us-east-1a']);
  });

  it('attributes each rejected pool to exactly one filter, the first that refuses it', () => {
    const plan = planPlacement(
      placement({
        regions: ['us-east-1', 'eu-west-1'],
        availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1a' }],
        maxPrice: 0.05,
        spotPrices: [spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'c5.large', 0.01)],
      }),
    );
    expect(plan.rejections.map((r) => r.filter)).toEqual([
      'above-max-price',
      'zone-not-configured',
      'zone-not-configured',
      'region-not-managed',
    ]);
  });

  it('refuses a worker type that lists a region twice, which would double its launches', () => {
    expect(() => planPlacement(placement({ regions: ['us-east-1', 'us-east-1'] }))).toThrow(/us-east-1 is listed twice/);
  });

  it('refuses invalid input with a typed error listing every problem', () => {
    const attempt = () =>
      planPlacement(
        placement({
          instanceTypes: [
            { instanceType: 'c5.large', capacity: 0, utility: 1 },
            { instanceType: 'c5.large', capacity: 1, utility: -1 },
          ],
          maxPrice: Number.NaN,
          spotPrices: [spot('us-east-1a', 'c5.large', -0.1)],
          options: { tolerance: -1, hardCeiling: 0, seed: 1.5 },
        }),
      );
    expect(attempt).toThrow(InvalidBiddingInputError);
    try {
      attempt();
    } catch (err) {
      expect((err as InvalidBiddingInputError).problems).toEqual([
        expect.stringMatching(/capacity of c5.large/),
        'instance type c5.large is listed twice',
        expect.stringMatching(/utility of c5.large/),
        expect.stringMatching(/maxPrice/),
        expect.stringMatching(/spot price of us-east-1\/us-east-1a\/c5.large/),
        expect.stringMatching(/tolerance/),
        expect.stringMatching(/hardCeiling/),
        expect.stringMatching(/seed/),
      ]);
    }
  });
});

describe('on-demand fallback', () => {
  const base = {
    canUseOndemand: true,
    maxPrice: 0.2,
    onDemandPrices: [onDemand('us-east-1', 'c5.large', 0.085), onDemand('us-east-1', 'c5.xlarge', 0.17)],
  };

  it('plans on-demand launches when the worker type allows it and no spot pool is usable', () => {
    const plan = planPlacement(placement({ ...base, change: 3, spotPrices: [spot('us-east-1a', 'c5.large', 0.5)] }));
    expect(plan.market).toBe('on-demand');
    expect(plan.launches).toHaveLength(3);
    expect(plan.launches.every((l) => l.market === 'on-demand' && l.spotPrice === 0.085 && l.maxPrice === 0.085)).toBe(true);
    expect(plan.rejections.filter((r) => r.market === 'spot').map((r) => r.filter)).toContain('above-max-price');
  });

  it('chooses the cheapest on-demand pool per unit of utility', () => {
    const plan = planPlacement(
      placement({
        ...base,
        instanceTypes: [
          { instanceType: 'c5.large', capacity: 1, utility: 1 },
          { instanceType: 'c5.xlarge', capacity: 2, utility: 2.5 },
        ],
        availableZones: { 'us-east-1': ['us-east-1a'] },
      }),
    );
    expect(plan.launches.map((l) => l.instanceType)).toEqual(['c5.xlarge']);
  });

  it('never falls back while a spot pool is usable', () => {
    const plan = planPlacement(placement({ ...base, spotPrices: [spot('us-east-1c', 'c5.large', 0.15)] }));
    expect(plan.market).toBe('spot');
    expect(plan.rejections.every((r) => r.market === 'spot')).toBe(true);
  });

  it('does not fall back when the worker type does not allow on-demand', () => {
    const plan = planPlacement(placement({ ...base, canUseOndemand: false, change: 2 }));
    expect(plan).toMatchObject({ launches: [], market: null, unmet: 2 });
  });

  it('refuses on-demand pools above maxPrice too', () => {
    const plan = planPlacement(placement({ ...base, maxPrice: 0.05, change: 2 }));
    expect(plan.launches).toEqual([]);
    expect(plan.rejections.filter((r) => r.market === 'on-demand').map((r) => r.filter)).toEqual([
      'above-max-price',
      'above-max-price',
      'above-max-price',
    ]);
  });

  it('goes straight to on-demand when the worker type cannot use spot', () => {
    const plan = planPlacement(
      placement({ ...base, canUseSpot: false, spotPrices: [spot('us-east-1a', 'c5.large', 0.01)] }),
    );
    expect(plan.market).toBe('on-demand');
  });

  it('skips an on-demand pool that recently failed, but not its spot twin', () => {
    const plan = planPlacement(
      placement({
        ...base,
        canUseSpot: false,
        availableZones: { 'us-east-1': ['us-east-1a', 'us-east-1b'] },
        recentlyUnavailable: [
          { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large', until: 2_000_000, market: 'on-demand' },
        ],
        change: 2,
      }),
    );
    expect(plan.launches.map((l) => l.availabilityZone)).toEqual(['us-east-1b', 'us-east-1b']);
  });
});
