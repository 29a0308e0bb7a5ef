import { generateTrace } from '../src/generate';
import { parseTrace, formatTrace } from '../src/trace';
import { runSimulation } from '../src/simulation';
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
