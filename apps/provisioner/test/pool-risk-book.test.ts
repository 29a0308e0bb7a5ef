import { PRIOR_INTERRUPTIONS_PER_HOUR } from '@spot-provisioner/bidding';
import { MemoryPoolRiskRepository, type PoolRiskRepository } from '@spot-provisioner/model';
import { EXPOSURE_FLUSH_MS, MAX_EXPOSURE_GAP_MS, PoolRiskBook } from '../src/interruptions/pool-risk-book';

const T = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const bad = { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large' };
const calm = { region: 'us-east-1', availabilityZone: 'us-east-1b', instanceType: 'm5.large' };

/** Counts writes, and can fail them. */
function counted(inner: PoolRiskRepository) {
  const calls = { writes: 0, fail: false };
  const repository: PoolRiskRepository = {
    list: () => inner.list(),
    get: (pool) => inner.get(pool),
    recordInterruption: async (pool, at) => {
      if (calls.fail) throw new Error('DynamoDB is down');
      calls.writes += 1;
      return inner.recordInterruption(pool, at);
    },
    addExposure: async (pool, hours, at) => {
      if (calls.fail) throw new Error('DynamoDB is down');
      calls.writes += 1;
      return inner.addExposure(pool, hours, at);
    },
  };
  return { repository, calls };
}

describe('the pool risk book', () => {
  it('learns a high rate for a pool that keeps being interrupted and keeps the prior elsewhere', async () => {
    const book = new PoolRiskBook(new MemoryPoolRiskRepository());
    await book.ensureLoaded();
    for (let minute = 0; minute <= 60; minute += 1) book.observe([bad, bad, calm, calm], T + minute * MINUTE);
    await book.recordInterruptions([bad, bad, bad], T + 60 * MINUTE);
    const rates = book.rates(T + 60 * MINUTE);
    expect(rates.rateOf('us-east-1', 'us-east-1a', 'm5.large')).toBeGreaterThan(0.1);
    expect(rates.rateOf('us-east-1', 'us-east-1b', 'm5.large')).toBeLessThan(PRIOR_INTERRUPTIONS_PER_HOUR);
    expect(rates.rateOf('us-west-2', 'us-west-2a', 'c5.large')).toBe(PRIOR_INTERRUPTIONS_PER_HOUR);
  });

  it('writes once per interruption, and exposure once per pool per flush period', async () => {
    const { repository, calls } = counted(new MemoryPoolRiskRepository());
    const book = new PoolRiskBook(repository);
    await book.recordInterruptions([bad], T);
    expect(calls.writes).toBe(1);
    for (let minute = 0; minute < 2 * EXPOSURE_FLUSH_MS / MINUTE; minute += 0.5) {
      book.observe([bad, calm], T + minute * MINUTE);
      await book.flushExposure(T + minute * MINUTE);
    }
    // first flush one period after start, the second a period later: two pools each
    expect(calls.writes).toBe(1 + 2);
    await book.flushExposure(T + 2 * EXPOSURE_FLUSH_MS, true);
    expect(calls.writes).toBe(1 + 4);
    const stored = await repository.get(calm);
    expect(stored?.instanceHours).toBeCloseTo((2 * EXPOSURE_FLUSH_MS - 0.5 * MINUTE) / 3_600_000, 2);
  });

  it('counts a long gap between observations (a stopped daemon) only up to its limit', async () => {
    const memory = new MemoryPoolRiskRepository();
    const book = new PoolRiskBook(memory);
    book.observe([calm], T);
    book.observe([calm], T + 3 * 3_600_000);
    await book.flushExposure(T + 3 * 3_600_000, true);
    expect((await memory.get(calm))?.instanceHours).toBeCloseTo(MAX_EXPOSURE_GAP_MS / 3_600_000, 3);
  });

  it('returns write failures instead of throwing, and keeps unwritten exposure for the next flush', async () => {
    const memory = new MemoryPoolRiskRepository();
    const { repository, calls } = counted(memory);
    const book = new PoolRiskBook(repository);
    book.observe([calm], T);
    book.observe([calm], T + MINUTE);
    calls.fail = true;
    expect(await book.recordInterruptions([bad], T + MINUTE)).toEqual([expect.stringContaining('DynamoDB is down')]);
    expect(await book.flushExposure(T + MINUTE, true)).toEqual([expect.stringContaining('DynamoDB is down')]);
    calls.fail = false;
    expect(await book.flushExposure(T + 2 * MINUTE, true)).toEqual([]);
    expect((await memory.get(calm))?.instanceHours).toBeCloseTo(1 / 60, 4);
  });

  it('reads the table again after forget (another daemon may have written meanwhile)', async () => {
    const memory = new MemoryPoolRiskRepository();
    const book = new PoolRiskBook(memory);
    await book.ensureLoaded();
    await memory.recordInterruption(bad, new Date(T));
    await book.ensureLoaded();
    expect(book.list()).toEqual([]);
    book.forget();
    await book.ensureLoaded();
    expect(book.list()).toEqual([expect.objectContaining({ availabilityZone: 'us-east-1a', totalInterruptions: 1 })]);
  });
});

describe('interruptions heard in this iteration', () => {
  it('count in the rates at once (the replacements avoid the pool), and are written once each afterwards', async () => {
    const { repository, calls } = counted(new MemoryPoolRiskRepository());
    const book = new PoolRiskBook(repository);
    const before = book.rates(T).rateOf(bad.region, bad.availabilityZone, bad.instanceType);
    book.noteInterruption(bad, T);
    book.noteInterruption(bad, T);
    expect(book.rates(T).rateOf(bad.region, bad.availabilityZone, bad.instanceType)).toBeGreaterThan(before + 0.05);
    expect(calls.writes).toBe(0);
    expect(await book.writeInterruptions()).toEqual([]);
    expect(calls.writes).toBe(2);
    expect(await book.writeInterruptions()).toEqual([]);
    expect(calls.writes).toBe(2);
    expect(book.list()).toEqual([expect.objectContaining({ totalInterruptions: 2 })]);
  });
});
