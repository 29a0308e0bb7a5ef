/**
 * Scale-down in the simulator, with exact outcomes on tiny worlds (fixed boots, no
 * interruptions): the daemon's own scale-down phase drains through the simulated queue.
 */
import { DEFAULT_KEEP_WARM_SETTINGS } from '@spot-provisioner/bidding';
import { runSimulation } from '../src/simulation';
import { DEFAULT_IDLE_TIMEOUT_S } from '../src/scenario';
import { CALM, SPOT_PRICE_A, tinyPrices, tinyWorkerType } from './support';

/** Drains after 60 s idle, all at once if need be; no idle floor by boot: the figures are exact. */
const scaleDown = { scaleDown: { enabled: true, minIdleSeconds: 60, drainBudgetPercent: 100 } };
const keepWarm = { ...DEFAULT_KEEP_WARM_SETTINGS, idleFloorBoots: 0 };

describe('scale-down in the simulator', () => {
  // three tasks at once: three instances launched at 0 s, up at 180 s; two tasks end at 1080 s, one at 2180 s
  const burst = [
    { t: 0, workerType: 'tiny', durationS: 900 },
    { t: 0, workerType: 'tiny', durationS: 900 },
    { t: 0, workerType: 'tiny', durationS: 2000 },
  ];

  it('drains each instance once idle for minIdleSeconds, never while its task runs', async () => {
    const { metrics } = await runSimulation({ workerTypes: [tinyWorkerType(180, scaleDown)], trace: burst, prices: tinyPrices(), keepWarm, options: { ...CALM, horizonS: 7200 } });
    // quarantined at the first iteration idle ≥ 60 s (1140 s, 2250 s), terminated at the next (1170 s, 2280 s)
    const billedS = 1170 + 1170 + 2280;
    expect(metrics).toMatchObject({ tasksCompleted: 3, drains: 3, drainsCalledOff: 0, daemonTerminations: 3, tasksKilledByDrain: 0, launches: 3 });
    expect(metrics.capacityHours).toBeCloseTo(billedS / 3600, 2);
    expect(metrics.costUsd).toBeCloseTo((SPOT_PRICE_A * billedS) / 3600, 4);
    const classic = await runSimulation({ workerTypes: [tinyWorkerType(180)], trace: burst, prices: tinyPrices(), options: { ...CALM, horizonS: 7200 } });
    expect(classic.metrics.capacityHours).toBeCloseTo((2 * (1080 + DEFAULT_IDLE_TIMEOUT_S) + 2180 + DEFAULT_IDLE_TIMEOUT_S) / 3600, 2);
    expect(classic.metrics.drains).toBe(0);
  });

  it('serves a task that arrives between quarantine and termination by lifting a quarantine, not by a launch', async () => {
    const trace = [...burst, { t: 1150, workerType: 'tiny', durationS: 300 }];
    const { metrics } = await runSimulation({ workerTypes: [tinyWorkerType(180, scaleDown)], trace, prices: tinyPrices(), keepWarm, options: { ...CALM, horizonS: 7200 } });
    // both idle instances were quarantined at 1140 s; at 1170 s one is lifted and takes the task (20 s wait), the other terminated
    expect(metrics).toMatchObject({ tasksCompleted: 4, launches: 3, drainsCalledOff: 1, tasksKilledByDrain: 0 });
    expect(metrics.waitMaxS).toBe(180);
    expect(metrics.byWorkerType.tiny).toBeDefined();
    const waits = [...(await runSimulation({ workerTypes: [tinyWorkerType(180, scaleDown)], trace, prices: tinyPrices(), keepWarm, options: { ...CALM, horizonS: 7200 } })).waitsByWorkerType.get('tiny')!];
    expect(waits.sort((a, b) => a - b)).toEqual([20, 180, 180, 180]);
  });

  it("launches ahead each worker type's own share of the arrivals before the next iteration (launchAheadPercent)", async () => {
    // a task every 30 s for two hours, each running 10 min: one arrival per iteration
    const steady = Array.from({ length: 240 }, (_, k) => ({ t: 15 + 30 * k, workerType: 'tiny', durationS: 600 }));
    const run = (launchAheadPercent: number, weight = keepWarm.launchAheadWeight) =>
      runSimulation({
        workerTypes: [tinyWorkerType(180, { maxCapacity: 100, scaleDown: { ...scaleDown.scaleDown, launchAheadPercent } })],
        trace: steady,
        prices: tinyPrices(),
        keepWarm: { ...keepWarm, launchAheadWeight: weight },
        options: { ...CALM, horizonS: 3 * 3600 },
      });
    const [none, double] = await Promise.all([run(0), run(200)]);
    // the field scales the daemon's launch-ahead: 0% is none at all, 200% twice its weight
    expect(none.metrics).toEqual((await run(100, 0)).metrics);
    expect(double.metrics).toEqual((await run(100, 2)).metrics);
    // twice the arrivals launched ahead: one more instance, and the waits no longer
    expect(double.metrics.launches).toBe(none.metrics.launches + 1);
    expect(double.metrics.waitP95S).toBeLessThanOrEqual(none.metrics.waitP95S);
    expect(none.metrics).toMatchObject({ tasksCompleted: 240, tasksKilledByDrain: 0 });
  });
});
