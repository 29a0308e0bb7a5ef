import { instanceTypeEntry } from '@spot-provisioner/testing';
import { harnessForEachTest } from './support/harness';

const twoSizes = { instanceTypes: [instanceTypeEntry('m5.large'), instanceTypeEntry('m5.xlarge', 2, 2)] };

describe('capacity bounds and scaling ratio', () => {
  const h = harnessForEachTest('capacity');

  it('keeps min capacity running when the queue is empty', async () => {
    await h.createWorkerType('idle', { minCapacity: 2 });
    h.setPending('idle', 0);
    const provisioner = h.provisioner();

    const first = await provisioner.iterate();
    expect(first.launches).toBe(2);
    // the minimum is met: nothing more on the next iterations
    const second = await provisioner.iterate();
    expect(second.launches).toBe(0);
    expect(await h.liveInstances('idle')).toHaveLength(2);
  });

  it('never exceeds max capacity, however many tasks wait', async () => {
    await h.createWorkerType('capped', { maxCapacity: 5, ...twoSizes });
    h.setPending('capped', 50);
    const provisioner = h.provisioner();

    await provisioner.iterate();
    await provisioner.iterate();
    await provisioner.iterate();

    const instances = await h.liveInstances('capped');
    const capacity = instances.reduce((sum, i) => sum + (i.InstanceType === 'm5.xlarge' ? 2 : 1), 0);
    expect(capacity).toBeLessThanOrEqual(5);
    expect(capacity).toBeGreaterThanOrEqual(4);
    const snapshot = await h.repos.workerState.get('capped');
    expect(snapshot?.summary.runningCapacity).toBe(capacity);
  });

  it('leaves scalingRatio × running capacity of pending tasks unserved', async () => {
    await h.createWorkerType('ratio', { scalingRatio: 0.5, maxCapacity: 100 });
    h.setPending('ratio', 10);
    const provisioner = h.provisioner();

    // nothing runs yet: desired pending is 0, so all ten tasks get capacity
    expect((await provisioner.iterate()).launches).toBe(10);
    // ten running, ten still pending: half of the running capacity (5) may stay pending
    expect((await provisioner.iterate()).launches).toBe(5);
    expect(await h.liveInstances('ratio')).toHaveLength(15);
  });
});
