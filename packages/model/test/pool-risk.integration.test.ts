import { decayStats, INTERRUPTION_HALF_LIFE_MS, isInvalidRecord, poolRiskStats, withExposure, withInterruption, type PoolId, type PoolRiskRepository } from '../src';
import { contractRepositories, IMPLEMENTATIONS, plus, rejectionOf } from './support';

const T = new Date('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;
const pool = (availabilityZone: string, instanceType = 'm5.large'): PoolId => ({ region: availabilityZone.slice(0, -1), availabilityZone, instanceType });

describe.each(IMPLEMENTATIONS)('PoolRisk repository (%s)', (implementation) => {
  let risk: PoolRiskRepository;

  beforeEach(async () => {
    risk = (await contractRepositories(implementation, 'poolrisk', { pageSize: 2 })).poolRisk;
  });

  it('keeps one record per pool: interruptions and instance-hours, with the totals an operator reads', async () => {
    await risk.addExposure(pool('us-east-1a'), 10, T);
    await risk.recordInterruption(pool('us-east-1a'), plus(T, 60_000));
    const record = await risk.recordInterruption(pool('us-east-1a'), plus(T, 120_000));
    expect(record).toMatchObject({
      ...pool('us-east-1a'),
      interruptions: expect.closeTo(2, 3),
      totalInterruptions: 2,
      lastInterruptionAt: plus(T, 120_000).toISOString(),
      asOf: plus(T, 120_000).toISOString(),
    });
    expect(record.instanceHours).toBeCloseTo(10, 1); // two minutes of a three-day half-life
    expect(await risk.get(pool('us-east-1a'))).toEqual(record);
    expect(await risk.get(pool('us-east-1b'))).toBeNull();
  });

  it('lists every pool, across pages, sorted by pool', async () => {
    for (const zone of ['us-west-2c', 'us-east-1b', 'us-east-1a']) await risk.recordInterruption(pool(zone), T);
    await risk.addExposure(pool('us-east-1a', 'c5.large'), 3, T);
    const listed = await risk.list();
    expect(listed.map((r) => `${r.availabilityZone}/${r.instanceType}`)).toEqual([
      'us-east-1a/c5.large',
      'us-east-1a/m5.large',
      'us-east-1b/m5.large',
      'us-west-2c/m5.large',
    ]);
  });

  it('decays the record with the half-life, so old interruptions weigh less', async () => {
    await risk.recordInterruption(pool('us-east-1a'), T);
    const later = await risk.addExposure(pool('us-east-1a'), 4, plus(T, INTERRUPTION_HALF_LIFE_MS));
    expect(later.interruptions).toBeCloseTo(0.5);
    expect(later.instanceHours).toBeCloseTo(4);
    expect(later.totalInterruptions).toBe(1);
    const stats = poolRiskStats(later, later.asOf ? Date.parse(later.asOf) + INTERRUPTION_HALF_LIFE_MS : 0);
    expect(stats.interruptions).toBeCloseTo(0.25);
  });

  it('decays a record for its reader, to the reader\'s now', async () => {
    let record = await risk.addExposure(pool('us-east-1a'), 20, T);
    for (let i = 1; i <= 5; i++) record = await risk.recordInterruption(pool('us-east-1a'), plus(T, i * HOUR));
    const now = plus(T, 5 * HOUR + INTERRUPTION_HALF_LIFE_MS).getTime();
    const stats = poolRiskStats(record, now);
    expect(stats.asOf).toBe(now);
    expect(stats.interruptions).toBeCloseTo(record.interruptions / 2);
    expect(stats.instanceHours).toBeCloseTo(record.instanceHours / 2);
  });

  it('counts an out-of-order event at the record\'s time and keeps the latest interruption time', async () => {
    await risk.recordInterruption(pool('us-east-1a'), plus(T, HOUR));
    const late = await risk.recordInterruption(pool('us-east-1a'), T);
    expect(late).toMatchObject({ totalInterruptions: 2, asOf: plus(T, HOUR).toISOString(), lastInterruptionAt: plus(T, HOUR).toISOString() });
    expect(late.interruptions).toBeCloseTo(2);
  });

  it('refuses a malformed pool or a negative exposure, with the reasons, and stores nothing', async () => {
    const badPool = await rejectionOf(risk.recordInterruption({ region: '', availabilityZone: 'us-east-1a', instanceType: '' }, T));
    expect(isInvalidRecord(badPool)).toBe(true);
    expect((badPool as { reasons: string[] }).reasons).toEqual([expect.stringContaining('region'), expect.stringContaining('instanceType')]);
    expect(isInvalidRecord(await rejectionOf(risk.addExposure(pool('us-east-1a'), -1, T)))).toBe(true);
    expect(isInvalidRecord(await rejectionOf(risk.addExposure(pool('us-east-1a'), Number.NaN, T)))).toBe(true);
    expect(await risk.list()).toEqual([]);
  });
});

describe('the decay of a pool record (pure)', () => {
  it('halves both counts each half-life, and never moves a record backwards', () => {
    const stats = withInterruption(withExposure(undefined, 10, 0), 0);
    expect(decayStats(stats, INTERRUPTION_HALF_LIFE_MS)).toEqual({ interruptions: 0.5, instanceHours: 5, asOf: INTERRUPTION_HALF_LIFE_MS });
    const late = withInterruption(withExposure(undefined, 5, 1000), 0);
    expect(late).toEqual({ interruptions: 1, instanceHours: 5, asOf: 1000 });
    expect(withExposure(undefined, -3, 0).instanceHours).toBe(0);
  });
});
