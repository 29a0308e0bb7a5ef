import { DEFAULT_KEEP_WARM_SETTINGS, forecastKeepWarm, type DemandObservation } from '../src';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const STEP = 30_000;
const BOOT = 180_000;

/** 61 observations over the last 30 minutes, claims per interval from `claims(i)`, busy capacity from `busy(i)`. */
function series(
  claims: (i: number) => number,
  pending: (i: number) => number = () => 0,
  withClaims = (_i: number) => true,
  busy?: (i: number) => number,
): DemandObservation[] {
  return Array.from({ length: 61 }, (_, k) => {
    const i = k - 60;
    const at = NOW + i * STEP;
    const observation: DemandObservation = { at, pendingTasks: pending(i), runningCapacity: 10, pendingCapacity: 0 };
    if (withClaims(i)) observation.claimed = claims(i);
    if (busy && withClaims(i)) observation.busyCapacity = busy(i);
    return observation;
  });
}
const ARRIVALS_ONLY = { ...DEFAULT_KEEP_WARM_SETTINGS, z: 0 };

describe('the keep-warm forecast', () => {
  it('keeps warm one unit per task expected over a boot, at the rate tasks keep arriving', () => {
    // one task claimed every 30 s: 2 a minute, 6 over a 3-minute boot
    const forecast = forecastKeepWarm({ now: NOW, bootMs: BOOT, history: series(() => 1) }, ARRIVALS_ONLY);
    expect(forecast).toMatchObject({ arrivalsPerS: 1 / 30, keepWarmCapacity: 6, bootMs: BOOT });
    expect(forecast?.expectedArrivals).toBeCloseTo(6, 9);
  });

  it('counts tasks that arrive and wait as arrivals too (the pending count rising)', () => {
    // no claims, the queue grows by one every 30 s
    const forecast = forecastKeepWarm({ now: NOW, bootMs: BOOT, history: series(() => 0, (i) => i + 60) }, ARRIVALS_ONLY);
    expect(forecast?.keepWarmCapacity).toBe(6);
  });

  it('does not take a push fanning out at the end of a quiet half hour for a rate', () => {
    // 120 tasks over the last 90 s, nothing before
    const forecast = forecastKeepWarm({ now: NOW, bootMs: BOOT, history: series((i) => (i > -3 ? 40 : 0)) });
    expect(forecast).toMatchObject({ arrivalsPerS: 0, keepWarmCapacity: 0 });
  });

  it('has no forecast without ten minutes of claim counts (after a restart)', () => {
    const recent = series(() => 1, () => 0, (i) => i > -19);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: recent })).toBeNull();
    const enough = series(() => 1, () => 0, (i) => i > -22);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: enough })?.keepWarmCapacity).toBe(6);
  });

  it('weighs the expected arrivals by its setting (0 keeps nothing warm)', () => {
    const history = series(() => 1);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history }, { ...ARRIVALS_ONLY, weight: 0.5 })?.keepWarmCapacity).toBe(3);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history }, { ...ARRIVALS_ONLY, weight: 0 })?.keepWarmCapacity).toBe(0);
  });

  it('launches ahead the arrivals expected until the next iteration (its lag), whatever the boot, and none at the end of a burst', () => {
    // one task every 30 s, observed every 30 s: one task arrives before the next iteration
    const steady = series(() => 1);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: steady })?.launchAheadCapacity).toBe(1);
    // a Windows boot expects 14 arrivals but launches no further ahead than the next iteration
    expect(forecastKeepWarm({ now: NOW, bootMs: 7 * 60_000, history: steady })?.launchAheadCapacity).toBe(1);
    // four tasks every 30 s: four ahead; twice the weight, eight; a weight of 0, none
    const busy = series(() => 4);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: busy })?.launchAheadCapacity).toBe(4);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: busy }, { ...DEFAULT_KEEP_WARM_SETTINGS, launchAheadWeight: 2 })?.launchAheadCapacity).toBe(8);
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: steady }, { ...DEFAULT_KEEP_WARM_SETTINGS, launchAheadWeight: 0 })?.launchAheadCapacity).toBe(0);
    // a boot shorter than the period: the instance is up before the next iteration anyway
    expect(forecastKeepWarm({ now: NOW, bootMs: 10_000, history: busy })?.launchAheadCapacity).toBe(1);
    // iterations a minute apart (the last one late): the arrivals of that minute
    const late = [...busy.slice(0, -1), { ...(busy[busy.length - 1] as DemandObservation), at: NOW + STEP }];
    expect(forecastKeepWarm({ now: NOW + STEP, bootMs: BOOT, history: late })?.launchAheadCapacity).toBe(8);
    const afterPush = series((i) => (i > -3 ? 40 : 0));
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history: afterPush })?.launchAheadCapacity).toBe(0);
  });

  it("keeps a steady demand's usual fluctuation warm through a dip, measured by Little's law", () => {
    // 2 tasks a minute, each busy 12 minutes on average: 24 slots busy; a dip to 16 busy now
    const history = series(() => 1, () => 0, () => true, (i) => (i === 0 ? 16 : 24));
    const forecast = forecastKeepWarm({ now: NOW, bootMs: BOOT, history });
    expect(forecast?.steadyDemand).toBeCloseTo(24 - 8 / 60, 1);
    // 23.9 + 1.65 × √23.9 ≈ 31.9 slots: 16 idle kept above the 16 busy now, more than the 6 arrivals over a boot
    expect(forecast?.demandTarget).toBeCloseTo(31.93, 1);
    expect(forecast?.keepWarmCapacity).toBe(16);
  });

  it('counts no steady demand at the end of a burst: its arrivals were not steady', () => {
    const history = series((i) => (i > -3 ? 40 : 0), () => 0, () => true, (i) => (i > -3 ? 100 : 0));
    expect(forecastKeepWarm({ now: NOW, bootMs: BOOT, history })).toMatchObject({ steadyDemand: 0, keepWarmCapacity: 0 });
  });
});
