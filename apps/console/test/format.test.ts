import { formatAge, formatAxisTime, formatCapacityRange, formatPrice, formatPricePerHour, formatRelative, plural } from '../src/format';

describe('formatting', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('writes ages as a person says them', () => {
    expect(formatAge(ago(42_000), now)).toBe('42 s');
    expect(formatAge(ago(5 * 60_000 + 10_000), now)).toBe('5 min');
    expect(formatAge(ago(3 * 3600_000), now)).toBe('3 h');
    expect(formatAge(ago(3 * 3600_000 + 10 * 60_000), now)).toBe('3 h 10 min');
    expect(formatAge(ago(2 * 86_400_000 + 4 * 3600_000), now)).toBe('2 d 4 h');
    expect(formatAge(ago(2 * 86_400_000), now)).toBe('2 d');
  });

  it('never shows a negative age for a clock slightly ahead, and a dash for garbage', () => {
    expect(formatAge(new Date(now.getTime() + 5_000).toISOString(), now)).toBe('0 s');
    expect(formatAge('not a date', now)).toBe('—');
  });

  it('says "never" for a missing time and "… ago" otherwise', () => {
    expect(formatRelative(null, now)).toBe('never');
    expect(formatRelative(ago(12_000), now)).toBe('12 s ago');
  });

  it('gives spot prices four decimals below a dollar, two above', () => {
    expect(formatPricePerHour(0.0123456)).toBe('$0.0123/h');
    expect(formatPricePerHour(1.5)).toBe('$1.50/h');
    expect(formatPricePerHour(null)).toBe('—');
    expect(formatPricePerHour(Number.NaN)).toBe('—');
    expect(formatPrice(0.05)).toBe('0.0500');
    expect(formatPrice(0)).toBe('0.0000');
    expect(formatPrice(0.00001)).toBe('0.00001');
    expect(formatPrice(1.4e-7)).toBe('0.00000014');
    expect(formatPrice(0.000034567)).toBe('0.000035');
    expect(formatPricePerHour(0.0000123)).toBe('$0.000012/h');
  });

  it('writes capacity limits as a range, or one number when min equals max', () => {
    expect(formatCapacityRange(0, 10)).toBe('0–10');
    expect(formatCapacityRange(4, 4)).toBe('4');
  });

  it('adds the date to axis labels only for windows longer than a day and a half', () => {
    const t = new Date(2026, 10, 22, 9, 5).getTime();
    expect(formatAxisTime(t, 3600_000)).toBe('09:05');
    expect(formatAxisTime(t, 7 * 86_400_000)).toBe('11/22 09:05');
  });

  it('pluralises', () => {
    expect(plural(1, 'pool')).toBe('1 pool');
    expect(plural(3, 'pool')).toBe('3 pools');
  });
});
