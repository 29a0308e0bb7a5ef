import { schedulePeriodMs } from '../src/daemon/schedule-period';

describe('the period of an iteration schedule', () => {
  it('is the interval of a regular schedule', () => {
    expect(schedulePeriodMs('*/30 * * * * *')).toBe(30_000);
    expect(schedulePeriodMs('0 */5 * * * *')).toBe(5 * 60_000);
  });

  it('is the longest wait of an irregular schedule', () => {
    // at seconds 0 and 10 of every minute: waits of 10 s and 50 s
    expect(schedulePeriodMs('0,10 * * * * *')).toBe(50_000);
  });
});
