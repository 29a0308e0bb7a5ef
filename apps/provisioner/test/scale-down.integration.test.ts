/**
 * Scale-down end to end in the daemon's iteration, against moto and the queue stand-in, time
 * driven by the injected clock: idle instances are quarantined, then terminated; the busy one
 * is not; the decision says why for each.
 */
import { startQueueStandIn, type QueueStandIn } from '../src/dev/queue-stand-in';
import { ProvisionerMetrics } from '../src/metrics';
import { httpQueueClient } from '../src/queue/queue-client';
import { harnessForEachTest } from './support/harness';

const ITERATION_MS = 30_000;
const MINUTE = 60_000;

describe('scale-down in the iteration (moto + the queue stand-in)', () => {
  const h = harnessForEachTest('scale-down');
  let standIn: QueueStandIn;
  beforeEach(async () => {
    standIn = await startQueueStandIn(0, '127.0.0.1', { clock: h.clock });
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('quarantines three instances idle for 10 minutes, then terminates them; the busy one runs on', async () => {
    await h.createWorkerType('builder', { scaleDown: { enabled: true, minIdleSeconds: 120, drainBudgetPercent: 75 } });
    const metrics = new ProvisionerMetrics();
    const provisioner = h.provisioner({ queue: httpQueueClient(standIn.rootUrl), metrics });
    const iterate = async () => {
      h.clock.advance(ITERATION_MS);
      return provisioner.iterate();
    };

    // four tasks: four instances; each worker comes up and claims one
    standIn.setPending(h.provisionerId, 'builder', 4);
    expect((await iterate()).launches).toBe(4);
    const instances = (await h.liveInstances('builder')).map((i) => ({ id: i.InstanceId as string, region: i.region }));
    expect(instances).toHaveLength(4);
    const tasks = instances.map((i) => standIn.state.claim(h.provisionerId, 'builder', i.region, i.id));
    const [busy, ...idle] = instances;
    // three finish at once; the first runs on
    for (const task of tasks.slice(1)) standIn.state.resolve(task.taskId);

    // ten minutes with an empty queue: nothing is drained before the forecast has history and the instances have idled
    for (let i = 0; i < 20; i++) expect((await iterate()).terminations).toBe(0);
    expect(standIn.calls('quarantineWorker')).toBe(0);

    const quarantining = await iterate();
    expect(quarantining.terminations).toBe(0);
    const decision = await h.repos.decisions.get('builder');
    expect(decision?.scaleDown).toMatchObject({ idleCapacity: 3, keepWarmCapacity: 0, expectedArrivals: 0, budget: 3 });
    expect(decision?.scaleDown?.actions.map((a) => [a.instanceId, a.action]).sort()).toEqual(idle.map((i) => [i.id, 'quarantine']).sort());
    for (const action of decision?.scaleDown?.actions ?? []) {
      // idle since their tasks resolved (10 min 30 s, rounded), no boot measured yet: the 3-minute estimate
      expect(action.reason).toBe('idle 11 min, queue empty, 0.0 tasks expected over the next 3-minute boot');
    }
    expect(decision?.scaleDown?.kept).toEqual([{ instanceId: busy!.id, region: busy!.region, reason: 'busy', detail: 'running a task' }]);
    for (const i of idle) {
      expect(() => standIn.state.claim(h.provisionerId, 'builder', i.region, i.id)).toThrow(/quarantined/);
    }

    const terminating = await iterate();
    expect(terminating.terminations).toBe(3);
    const after = await h.repos.decisions.get('builder');
    expect(after?.scaleDown?.actions.map((a) => [a.instanceId, a.action, a.reason]).sort()).toEqual(
      idle.map((i) => [i.id, 'terminate', 'quarantined 30 s ago, still idle with no claim since']).sort(),
    );
    expect(after?.scaleDown?.kept.map((k) => k.reason)).toEqual(['busy']);
    expect((await h.liveInstances('builder')).map((i) => i.InstanceId)).toEqual([busy!.id]);
    expect(standIn.state.task(tasks[0]!.taskId)?.runs[0]?.state).toBe('running');

    // the history and the metrics show it
    expect(await provisioner.flushHistory()).toEqual([]);
    const points = (await h.repos.capacityHistory.page('builder', { since: new Date(0), until: new Date(h.clock.now() + MINUTE), now: new Date(h.clock.now()) })).points;
    expect(points.slice(-2).map((p) => [p.drains, p.drainTerminations, p.idleCapacity])).toEqual([
      [3, 0, 3],
      [0, 3, 0],
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('provisioner_drains_total{worker_type="builder",action="quarantine"} 3');
    expect(text).toContain('provisioner_drains_total{worker_type="builder",action="terminate"} 3');
    expect(text).toContain('provisioner_idle_capacity{worker_type="builder"} 0');
  });
});
