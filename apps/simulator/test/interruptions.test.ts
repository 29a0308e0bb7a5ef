import { runSimulation } from '../src/simulation';
import { CALM, tinyPrices, tinyWorkerType } from './support';

describe('EC2 interruption warnings in the simulation', () => {
  const oneLongTask = [{ t: 0, workerType: 'tiny', durationS: 1200 }];
  const reclaimAt600 = { reclaims: [{ atS: 600, availabilityZone: 'us-east-1a' }] };

  it('without an interruption queue the daemon learns of the reclaim when the task is back in the queue', async () => {
    const { metrics, launchLog } = await runSimulation({ workerTypes: [tinyWorkerType(180)], trace: oneLongTask, prices: tinyPrices(), options: { ...CALM, ...reclaimAt600 } });
    expect(launchLog.map((l) => l.t)).toEqual([0, 600]);
    // 180 s first boot, then requeued at 600 s and claimed when the new instance runs at 780 s
    expect(metrics).toMatchObject({ warnings: 0, tasksRequeued: 1, waitMaxS: 360 });
  });

  it("with one, the two-minute warning reaches the daemon's intake and the replacement boots while the doomed instance still runs", async () => {
    const { metrics, launchLog } = await runSimulation({
      workerTypes: [tinyWorkerType(180)],
      trace: oneLongTask,
      prices: tinyPrices(),
      // a pool about to be reclaimed has no capacity to give: us-east-1a refuses from the warning on
      options: { ...CALM, ...reclaimAt600, shortages: [{ fromS: 480, toS: 600, availabilityZone: 'us-east-1a' }], interruptionHandling: 'price-only' },
    });
    // warned at 480 s, replaced by that iteration in us-east-1b, running at 660 s: the requeued task waits 60 s, not 180 s
    expect(launchLog.map((l) => [l.t, l.availabilityZone])).toEqual([
      [0, 'us-east-1a'],
      [480, 'us-east-1b'],
    ]);
    expect(metrics).toMatchObject({ warnings: 1, interruptions: 1, tasksRequeued: 1, waitMaxS: 240, launches: 2 });
  });

  describe('a pool that keeps taking capacity back', () => {
    // us-east-1a is cheaper but interrupted at 1.5 per instance-hour; us-east-1b never
    const steadyTasks = Array.from({ length: 240 }, (_, i) => ({ t: i * 60, workerType: 'tiny', durationS: 600 }));
    const run = (interruptionHandling: 'price-only' | 'learned') =>
      runSimulation({
        workerTypes: [tinyWorkerType(120)],
        trace: steadyTasks,
        prices: tinyPrices(),
        options: { ...CALM, horizonS: 4 * 3600, interruptions: [{ availabilityZone: 'us-east-1a', perHour: 1.5 }], interruptionHandling },
      });

    it('price-only placement keeps launching there; learned placement moves to the other pool within the hour and loses fewer task runs', async () => {
      const priceOnly = await run('price-only');
      const learned = await run('learned');
      const zones = (r: Awaited<ReturnType<typeof run>>, fromS = 0) => new Set(r.launchLog.filter((l) => l.t >= fromS).map((l) => l.availabilityZone));
      expect(zones(priceOnly)).toEqual(new Set(['us-east-1a']));
      expect(zones(learned, 3600)).toEqual(new Set(['us-east-1b']));
      expect(learned.metrics.tasksRequeued).toBeLessThan(priceOnly.metrics.tasksRequeued / 2);
      expect(learned.metrics.tasksCompleted).toBe(priceOnly.metrics.tasksCompleted);
    });

    it('is the same run for the same seed', async () => {
      expect((await run('learned')).metrics).toEqual((await run('learned')).metrics);
    });
  });
});
