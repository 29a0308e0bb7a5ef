import type { WorkerStateSnapshot } from '@spot-provisioner/model';
import { ManualClock } from '../src/clock';
import { SNAPSHOT_REFRESH_MS, SnapshotWriter } from '../src/iteration/snapshot-writer';
import { startHarness, type Harness } from './support/harness';

function snapshot(workerType: string, running: number, at: number): WorkerStateSnapshot {
  return {
    workerType,
    instances: [],
    requests: [],
    internalTrackedRequests: [],
    summary: { minCapacity: 0, maxCapacity: 10, requestedCapacity: 0, pendingCapacity: 0, runningCapacity: running },
    updatedAt: new Date(at).toISOString(),
  };
}

describe('state snapshot writes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('snapshots');
  });
  afterEach(async () => {
    await h.close();
  });

  it('skips rewriting an unchanged snapshot until the refresh period passes', async () => {
    const clock = new ManualClock(Date.parse('2026-11-22T12:00:00Z'));
    const writer = new SnapshotWriter(h.repos.workerState, clock);

    expect(await writer.write(snapshot('wt', 1, clock.now()))).toBe(true);
    clock.advance(30_000);
    expect(await writer.write(snapshot('wt', 1, clock.now()))).toBe(false);
    expect(await writer.write(snapshot('wt', 2, clock.now()))).toBe(true);
    expect((await h.repos.workerState.get('wt'))?.summary.runningCapacity).toBe(2);
    clock.advance(SNAPSHOT_REFRESH_MS);
    expect(await writer.write(snapshot('wt', 2, clock.now()))).toBe(true);
  });

  it('writes again after forgetting, as after a lease change', async () => {
    const clock = new ManualClock(0);
    const writer = new SnapshotWriter(h.repos.workerState, clock);
    await writer.write(snapshot('wt', 1, 0));
    await h.repos.workerState.delete('wt');
    writer.forget();
    expect(await writer.write(snapshot('wt', 1, 0))).toBe(true);
    expect(await h.repos.workerState.get('wt')).not.toBeNull();
  });
});
