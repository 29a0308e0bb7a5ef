import { costSoFar, runningCostPerHour } from '../src/instance-cost';

describe('instance cost', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  const launched = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();

  it('is the pool price × the age so far, and unknown without a price', () => {
    expect(costSoFar({ price: 0.05, launchTime: launched(3) }, now)).toBeCloseTo(0.15, 10);
    expect(costSoFar({ price: 0.05, launchTime: launched(-1) }, now)).toBe(0); // a clock ahead of ours
    expect(costSoFar({ launchTime: launched(3) }, now)).toBeNull();
  });

  it('sums the running instances per hour, as the daemon counts spot cost', () => {
    expect(runningCostPerHour([{ state: 'running', price: 0.05 }, { state: 'running', price: 0.084 }, { state: 'pending', price: 1 }])).toBeCloseTo(0.134, 10);
    expect(runningCostPerHour([])).toBe(0);
    // written by a daemon before it recorded prices per instance
    expect(runningCostPerHour([{ state: 'running' }])).toBeNull();
  });
});
