import { indexSpotPrices, InvalidBiddingInputError, planPlacement, SpotPriceIndex } from '../src';
import { placement, spot } from './builders';
import { fiveRegions, placementInput, workerType } from './fixtures';

describe('spot price index', () => {
  it('plans exactly as the plain list it was built from', () => {
    const prices = fiveRegions();
    const input = placementInput(workerType('ci-linux-large'), prices, 200, { options: { tolerance: 0.3 } });
    const fromIndex = planPlacement({ ...input, spotPrices: indexSpotPrices(prices.spotPrices) });
    expect(fromIndex).toEqual(planPlacement(input));
  });

  it('keeps the highest price of a pool listed twice', () => {
    const index = indexSpotPrices([spot('us-east-1a', 'c5.large', 0.2), spot('us-east-1a', 'c5.large', 0.3), spot('us-east-1a', 'c5.large', 0.1)]);
    expect(index.get('us-east-1', 'us-east-1a', 'c5.large')).toBe(0.3);
    expect(index.get('us-east-1', 'us-east-1b', 'c5.large')).toBeUndefined();
  });

  it('refuses a negative or non-numeric price when built', () => {
    expect(() => new SpotPriceIndex([spot('us-east-1a', 'c5.large', -1)])).toThrow(InvalidBiddingInputError);
    expect(() => indexSpotPrices([spot('us-east-1a', 'c5.large', Number.NaN)])).toThrow(/us-east-1a\/c5.large/);
  });

  it('serves many worker types from one index', () => {
    const spotPrices = indexSpotPrices([spot('us-east-1a', 'c5.large', 0.1), spot('us-east-1b', 'm5.large', 0.1)]);
    const c5 = planPlacement(placement({ spotPrices }));
    const m5 = planPlacement(placement({ spotPrices, instanceTypes: [{ instanceType: 'm5.large', capacity: 1, utility: 1 }] }));
    expect(c5.launches.map((l) => l.availabilityZone)).toEqual(['us-east-1a']);
    expect(m5.launches.map((l) => l.availabilityZone)).toEqual(['us-east-1b']);
  });
});
