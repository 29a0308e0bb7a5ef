import { TestClock } from '@spot-provisioner/testing';
import type { MarketSnapshot, WorkerStateSnapshot } from '@spot-provisioner/model';
import { marketWriter, SNAPSHOT_REFRESH_MS, snapshotWriter } from '../src/iteration/writers';
import { harnessForEachTest } from './support/harness';

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

function market(region: string, at: number): MarketSnapshot {
  return { region, recordedAt: new Date(at).toISOString(), zones: [`${region}a`], spotPrices: {}, onDemandPrices: {} };
}

describe('change-tracking writes of what an iteration records', () => {
  const h = harnessForEachTest('writers');

  it('skips rewriting a snapshot unchanged apart from its time until the refresh period passes', async () => {
    const clock = new TestClock(Date.parse('2026-11-22T12:00:00Z'));
    const writer = snapshotWriter(h.repos.workerState, clock);
    // deleting the row behind the writer's back shows whether the next write reached the table
    expect(await writer.writeAll([snapshot('wt', 1, clock.now())])).toEqual([]);
    await h.repos.workerState.delete('wt');
    clock.advance(30_000);
    await writer.writeAll([snapshot('wt', 1, clock.now())]);
    expect(await h.repos.workerState.get('wt')).toBeNull();

    await writer.writeAll([snapshot('wt', 2, clock.now())]);
    expect((await h.repos.workerState.get('wt'))?.summary.runningCapacity).toBe(2);

    await h.repos.workerState.delete('wt');
    clock.advance(SNAPSHOT_REFRESH_MS);
    await writer.writeAll([snapshot('wt', 2, clock.now())]);
    expect((await h.repos.workerState.get('wt'))?.summary.runningCapacity).toBe(2);
  });

  it('writes again after forgetting, as after a lease change', async () => {
    const clock = new TestClock(0);
    const writer = snapshotWriter(h.repos.workerState, clock);
    await writer.writeAll([snapshot('wt', 1, 0), snapshot('other', 1, 0)]);
    await h.repos.workerState.delete('wt');
    await h.repos.workerState.delete('other');
    writer.forget('wt');
    await writer.writeAll([snapshot('wt', 1, 0), snapshot('other', 1, 0)]);
    expect(await h.repos.workerState.get('wt')).not.toBeNull();
    expect(await h.repos.workerState.get('other')).toBeNull();
    writer.forget();
    await writer.writeAll([snapshot('other', 1, 0)]);
    expect(await h.repos.workerState.get('other')).not.toBeNull();
  });

  it('reports a failed write by key and kind, and tries it again at the next iteration', async () => {
    const clock = new TestClock(0);
    let failing = true;
    const markets = {
      put: async (snapshot: MarketSnapshot) => {
        if (failing) throw new Error('ProvisionedThroughputExceededException');
        await h.repos.markets.put(snapshot);
      },
    };
    const writer = marketWriter(markets, clock);
    expect(await writer.writeAll([market('us-east-1', 0), market('us-west-2', 0)])).toEqual([
      'us-east-1: writing market snapshot: ProvisionedThroughputExceededException',
      'us-west-2: writing market snapshot: ProvisionedThroughputExceededException',
    ]);
    failing = false;
    clock.advance(30_000);
    expect(await writer.writeAll([market('us-east-1', clock.now())])).toEqual([]);
    expect((await h.repos.markets.list()).map((m) => m.region)).toEqual(['us-east-1']);
  });
});
