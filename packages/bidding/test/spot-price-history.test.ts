import { highestSpotPrices, InvalidBiddingInputError, type SpotPriceHistoryItem } from '../src';
import { fiveRegions } from './fixtures';

const item = (zone: string, type: string, price: string, product = 'Linux/UNIX'): SpotPriceHistoryItem => ({
  AvailabilityZone: zone,
  InstanceType: type,
  ProductDescription: product,
  SpotPrice: price,
  Timestamp: '2026-11-22T12:00:00.000Z',
});

describe('highestSpotPrices', () => {
  it('keeps the highest price seen for each zone and instance type', () => {
    const prices = highestSpotPrices('us-east-1', [
      item('us-east-1a', 'c5.large', '0.031'),
      item('us-east-1a', 'c5.large', '0.042'),
      item('us-east-1a', 'c5.large', '0.035'),
      item('us-east-1b', 'c5.large', '0.020'),
    ]);
    expect(prices).toEqual([
      { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'c5.large', price: 0.042 },
      { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'c5.large', price: 0.02 },
    ]);
  });

  it('ignores prices of other operating systems', () => {
    const prices = highestSpotPrices('us-east-1', [
      item('us-east-1a', 'c5.large', '0.03'),
      item('us-east-1a', 'c5.large', '0.09', 'Windows'),
      item('us-east-1a', 'c5.large', '0.08', 'SUSE Linux'),
      item('us-east-1a', 'c5.large', '0.04', 'Linux/UNIX (Amazon VPC)'),
    ]);
    expect(prices.map((p) => p.price)).toEqual([0.04]);
  });

  it('skips items that lack a zone, type, price or product, as the SDK allows', () => {
    const prices = highestSpotPrices('us-east-1', [
      { InstanceType: 'c5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.5' },
      { AvailabilityZone: 'us-east-1a', ProductDescription: 'Linux/UNIX', SpotPrice: '0.5' },
      { AvailabilityZone: 'us-east-1a', InstanceType: 'c5.large', SpotPrice: '0.5' },
      { AvailabilityZone: 'us-east-1a', InstanceType: 'c5.large', ProductDescription: 'Linux/UNIX' },
    ]);
    expect(prices).toEqual([]);
  });

  it('refuses a price that is not a number', () => {
    expect(() => highestSpotPrices('us-east-1', [item('us-east-1a', 'c5.large', 'cheap')])).toThrow(InvalidBiddingInputError);
    expect(() => highestSpotPrices('us-east-1', [item('us-east-1a', 'c5.large', '')])).toThrow(/not a price/);
  });

  it('turns the five-regions history into one price per pool: 16 types in 17 zones', () => {
    const { spotPrices, history } = fiveRegions();
    expect(spotPrices).toHaveLength(16 * 17);
    const c5InWest2d = spotPrices.find((p) => p.availabilityZone === 'us-west-2d' && p.instanceType === 'c6i.2xlarge');
    const itsHistory = history
      .filter((h) => h.AvailabilityZone === 'us-west-2d' && h.InstanceType === 'c6i.2xlarge')
      .map((h) => Number(h.SpotPrice));
    expect(itsHistory.length).toBeGreaterThan(1);
    expect(c5InWest2d?.price).toBe(Math.max(...itsHistory));
    expect(c5InWest2d?.region).toBe('us-west-2');
  });
});
