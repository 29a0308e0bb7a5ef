import type { OwnedInstance } from '../src/ec2/port';
import { harnessForEachTest, wrapPort } from './support/harness';

const MINUTE_MS = 60_000;

describe('a restart between launch and visibility', () => {
  const h = harnessForEachTest('restart');

  it('does not launch again for capacity EC2 does not show yet', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 3);
    // EC2's describe calls lag behind RunInstances: this port hides every instance
    const lagging = wrapPort(h.ec2, { describeInstances: async (): Promise<OwnedInstance[]> => [] });

    const before = h.provisioner({ ec2: lagging });
    expect((await before.iterate()).launches).toBe(3);

    // a new daemon process: nothing in memory, only the Launches table remembers
    const after = h.provisioner({ ec2: lagging });
    h.clock.advance(2 * MINUTE_MS);
    const report = await after.iterate();
    expect(report.launches).toBe(0);
    expect(await h.liveInstances('builder')).toHaveLength(3);
    const snapshot = await h.repos.workerState.get('builder');
    expect(snapshot?.internalTrackedRequests).toHaveLength(3);
    expect(snapshot?.summary.requestedCapacity).toBe(3);
  });

  it('settles the tracked launches once EC2 shows the instances', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 2);
    const lagging = wrapPort(h.ec2, { describeInstances: async (): Promise<OwnedInstance[]> => [] });
    await h.provisioner({ ec2: lagging }).iterate();
    expect(await h.repos.launches.listAll(new Date(h.clock.now()))).toHaveLength(2);

    // the instances booted and claimed the tasks
    h.setPending('builder', 0);
    const report = await h.provisioner().iterate();
    expect(report.launches).toBe(0);
    expect(await h.repos.launches.listAll(new Date(h.clock.now()))).toEqual([]);
    const snapshot = await h.repos.workerState.get('builder');
    expect(snapshot?.instances).toHaveLength(2);
    expect(snapshot?.internalTrackedRequests).toEqual([]);
    expect(await h.liveInstances('builder')).toHaveLength(2);
  });

  it('forgets a launch EC2 never showed after 15 minutes and launches again', async () => {
    await h.createWorkerType('builder');
    h.setPending('builder', 1);
    const lagging = wrapPort(h.ec2, { describeInstances: async (): Promise<OwnedInstance[]> => [] });
    await h.provisioner({ ec2: lagging }).iterate();

    h.clock.advance(16 * MINUTE_MS);
    const report = await h.provisioner({ ec2: lagging }).iterate();
    expect(report.launches).toBe(1);
  });
});
