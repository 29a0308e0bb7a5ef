import { generateTrace } from '../src/generate';
import { parseTrace, formatTrace } from '../src/trace';
import { runSimulation } from '../src/simulation';
import { WorldDraws } from '../src/world-draws';
import { tinyPrices, tinyWorkerType } from './support';

describe('seeded runs', () => {
  const trace = generateTrace({ kind: 'steady', seed: 5, mix: [{ workerType: 'tiny', share: 1, medianS: 240, sigma: 0.8 }], scale: 0.05 })
    .filter((task) => task.t < 4 * 3600);
  const once = (seed: number) =>
    runSimulation({
      workerTypes: [{ ...tinyWorkerType(), boot: { medianS: 150, sigma: 0.4 } }],
      trace,
      prices: tinyPrices(),
      options: { seed, horizonS: 4 * 3600, defaultInterruptionsPerHour: 0.5 },
    });

  it('gives the same figures for the same seed, and different ones for another', async () => {
    expect(trace.length).toBeGreaterThan(5);
    const [a, b, c] = [await once(7), await once(7), await once(8)];
    expect(a.metrics).toEqual(b.metrics);
    expect(a.launchLog).toEqual(b.launchLog);
    expect(c.metrics).not.toEqual(a.metrics);
  });

  it('generates the same trace for the same seed, and traces round-trip through their text form', () => {
    expect(generateTrace({ kind: 'diurnal', seed: 2 })).toEqual(generateTrace({ kind: 'diurnal', seed: 2 }));
    expect(generateTrace({ kind: 'diurnal', seed: 2 })).not.toEqual(generateTrace({ kind: 'diurnal', seed: 3 }));
    expect(parseTrace(formatTrace(trace))).toEqual(trace);
  });
});

describe('common random numbers: draws belong to their entity, not to the order of calls', () => {
  it('gives a launch and a task the same draws whatever was drawn before', () => {
    const a = new WorldDraws(3);
    const b = new WorldDraws(3);
    b.launch('other', 0);
    b.claim(99, 0);
    expect(b.launch('tiny', 4).bootS(180, 0.4)).toBe(a.launch('tiny', 4).bootS(180, 0.4));
    expect(b.launch('tiny', 4).unitExponential).toBe(a.launch('tiny', 4).unitExponential);
    expect(b.claim(7, 1)).toBe(a.claim(7, 1));
    expect(a.launch('tiny', 5).bootS(180, 0.4)).not.toBe(a.launch('tiny', 4).bootS(180, 0.4));
    expect(new WorldDraws(4).claim(7, 1)).not.toBe(a.claim(7, 1));
  });

  it('scales one launch interruption draw by its pool rate, and none at rate 0', () => {
    const launch = new WorldDraws(1).launch('tiny', 0);
    expect(launch.interruptAfterS(0)).toBeUndefined();
    expect(launch.interruptAfterS(2)).toBe(Math.round((launch.unitExponential * 3600) / 2));
  });

  it('boots the n-th launch of a worker type in the same time under two policies on one seed', async () => {
    const day = generateTrace({ kind: 'diurnal', seed: 3, mix: [{ workerType: 'tiny', share: 1, medianS: 300, sigma: 0.5 }], scale: 0.05 }).filter(
      (task) => task.t > 8 * 3600 && task.t < 12 * 3600,
    );
    const run = (policy: string) =>
      runSimulation({
        workerTypes: [{ ...tinyWorkerType(), boot: { medianS: 150, sigma: 0.4 } }],
        trace: day,
        prices: tinyPrices(),
        policy,
        options: { seed: 11, horizonS: 12 * 3600, defaultInterruptionsPerHour: 0 },
      });
    const [classic, lookahead] = [await run('classic'), await run('lookahead')];
    const shared = Math.min(classic.launchLog.length, lookahead.launchLog.length);
    expect(shared).toBeGreaterThan(3);
    expect(lookahead.launchLog.slice(0, shared).map((l) => l.bootS)).toEqual(classic.launchLog.slice(0, shared).map((l) => l.bootS));
  });
});
