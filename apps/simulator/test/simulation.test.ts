import { runSimulation } from '../src/simulation';
import { DEFAULT_IDLE_TIMEOUT_S } from '../src/scenario';
import { CALM, SPOT_PRICE_A, tinyPrices, tinyWorkerType } from './support';

describe('simulated fleet on tiny traces', () => {
  it('one task, one instance: the wait is the boot delay plus the iteration phase', async () => {
    const { metrics, launchLog } = await runSimulation({
      workerTypes: [tinyWorkerType(180)],
      trace: [{ t: 10, workerType: 'tiny', durationS: 60 }],
      prices: tinyPrices(),
      options: CALM,
    });
    // seen by the iteration at 30 s, launched then, running at 210 s
    expect(launchLog).toEqual([{ t: 30, workerType: 'tiny', availabilityZone: 'us-east-1a', instanceType: 'm5.large', bootS: 180 }]);
    expect(metrics).toMatchObject({ tasks: 1, tasksCompleted: 1, waitP50S: 200, waitMaxS: 200, launches: 1, interruptions: 0, tasksRequeued: 0 });
    // billed from launch (30 s) to self-shutdown: task done at 270 s, then the idle timeout
    const billedS = 270 + DEFAULT_IDLE_TIMEOUT_S - 30;
    expect(metrics.capacityHours).toBeCloseTo(billedS / 3600, 2);
    expect(metrics.costUsd).toBeCloseTo((SPOT_PRICE_A * billedS) / 3600, 4);
    expect(metrics.idleFraction).toBeCloseTo(1 - 60 / billedS, 3);
  });

  it('a task arriving on an iteration waits exactly the boot delay', async () => {
    const { metrics } = await runSimulation({
      workerTypes: [tinyWorkerType(95)],
      trace: [{ t: 60, workerType: 'tiny', durationS: 30 }],
      prices: tinyPrices(),
      options: CALM,
    });
    expect(metrics.waitMaxS).toBe(95);
  });

  it('an interruption puts the running task back in the queue, and a new instance finishes it', async () => {
    const { metrics, launchLog } = await runSimulation({
      workerTypes: [tinyWorkerType(180)],
      trace: [{ t: 0, workerType: 'tiny', durationS: 600 }],
      prices: tinyPrices(),
      options: { ...CALM, reclaims: [{ atS: 300, availabilityZone: 'us-east-1a' }] },
    });
    // first run 180–300 s; re-queued at 300 s, relaunched by that iteration, running again at 480 s
    expect(launchLog.map((l) => l.t)).toEqual([0, 300]);
    expect(metrics).toMatchObject({ tasksCompleted: 1, interruptions: 1, tasksRequeued: 1, waitMaxS: 360, launches: 2 });
  });

  it('a refusing pool is avoided: the launch moves to the other zone in the same iteration', async () => {
    const { metrics, launchLog } = await runSimulation({
      workerTypes: [tinyWorkerType(180)],
      trace: [
        { t: 0, workerType: 'tiny', durationS: 60 },
        { t: 1200, workerType: 'tiny', durationS: 60 },
      ],
      prices: tinyPrices(),
      options: { ...CALM, shortages: [{ fromS: 0, toS: 3600, availabilityZone: 'us-east-1a' }] },
    });
    expect(launchLog.map((l) => l.availabilityZone)).toEqual(['us-east-1b', 'us-east-1b']);
    // one refusal each time the pool's cooldown has run out, never one per task in between
    expect(metrics.capacityRefusals).toBe(2);
    expect(metrics.waitMaxS).toBe(180);
  });

  it('counts a task still queued when the run stops as unfinished, with its wait so far', async () => {
    const { metrics } = await runSimulation({
      workerTypes: [tinyWorkerType(180, { maxCapacity: 0 })],
      trace: [{ t: 0, workerType: 'tiny', durationS: 60 }],
      prices: tinyPrices(),
      options: { ...CALM, horizonS: 60 },
    });
    expect(metrics.tasksUnfinished).toBe(1);
    expect(metrics.tasksCompleted).toBe(0);
    expect(metrics.launches).toBe(0);
  });

  describe('which idle worker claims the next task', () => {
    // two instances launched at 0 s, running at 180 s; A idles from 240 s, B from 300 s; a
    // 1000 s task arrives at 400 s and keeps its claimer alive while the other shuts down
    const trace = [
      { t: 0, workerType: 'tiny', durationS: 60 },
      { t: 0, workerType: 'tiny', durationS: 120 },
      { t: 400, workerType: 'tiny', durationS: 1000 },
    ];
    const run = (claimOrder: 'longest-idle' | 'most-recent' | 'random', seed = 1) =>
      runSimulation({ workerTypes: [tinyWorkerType(180)], trace, prices: tinyPrices(), options: { ...CALM, seed, claimOrder } });
    // billed seconds: the claimer to 1400 + idle timeout, the other to its idle start + idle timeout
    const longestIdleS = 1400 + DEFAULT_IDLE_TIMEOUT_S + 300 + DEFAULT_IDLE_TIMEOUT_S;
    const mostRecentS = 1400 + DEFAULT_IDLE_TIMEOUT_S + 240 + DEFAULT_IDLE_TIMEOUT_S;

    it('longest-idle first keeps the instance idle since 240 s', async () => {
      const { metrics } = await run('longest-idle');
      expect(metrics.capacityHours).toBeCloseTo(longestIdleS / 3600, 2);
      // booted 180 s of each instance's life, idled the timeout before shutting down
      expect(metrics.bootFraction).toBeCloseTo(360 / longestIdleS, 3);
      expect(metrics.idleTailFraction).toBeCloseTo((2 * DEFAULT_IDLE_TIMEOUT_S) / longestIdleS, 3);
    });

    it('most-recently-idle first keeps the instance idle since 300 s', async () => {
      const { metrics } = await run('most-recent');
      expect(metrics.capacityHours).toBeCloseTo(mostRecentS / 3600, 2);
    });

    it('random (the default) picks either, the same one for the same seed', async () => {
      const picks = new Set<number>();
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const { metrics } = await run('random', seed);
        expect([longestIdleS, mostRecentS].map((s) => Number((s / 3600).toFixed(2)))).toContain(metrics.capacityHours);
        expect((await run('random', seed)).metrics.capacityHours).toBe(metrics.capacityHours);
        picks.add(metrics.capacityHours);
      }
      expect(picks.size).toBe(2);
      const { metrics } = await runSimulation({ workerTypes: [tinyWorkerType(180)], trace, prices: tinyPrices(), options: CALM });
      expect([longestIdleS, mostRecentS].map((s) => Number((s / 3600).toFixed(2)))).toContain(metrics.capacityHours);
    });
  });
});
