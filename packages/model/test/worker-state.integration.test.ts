import {
  isInvalidRecord,
  toWorkerTypeStateResponse,
  toWorkerTypeSummary,
  type WorkerStateRepository,
  type WorkerStateSnapshot,
} from '../src';
import { contractRepositories, IMPLEMENTATIONS, rejectionOf } from './support';


function snapshot(workerType: string, runningCapacity = 4): WorkerStateSnapshot {
  return {
    workerType,
    instances: [
      {
        id: 'i-0123456789abcdef0',
        spotRequestId: 'sir-abcd1234',
        imageId: 'ami-0a1b2c3d4e5f60718',
        instanceType: 'c5.2xlarge',
        region: 'us-east-1',
        zone: 'us-east-1a',
        state: 'running',
        launchTime: '2026-11-22T07:50:00.000Z',
        capacity: 2,
      },
      {
        id: 'i-0123abcd',
        instanceType: 'c5.2xlarge',
        region: 'us-east-1',
        zone: 'us-east-1c',
        state: 'running',
        launchTime: '2026-11-22T07:51:00.000Z',
        capacity: 2,
      },
    ],
    requests: [
      {
        id: 'sir-ffff0000',
        instanceType: 'm5.4xlarge',
        region: 'us-west-2',
        zone: 'us-west-2b',
        state: 'open',
        status: 'pending-evaluation',
        createdTime: '2026-11-22T07:59:00.000Z',
        capacity: 4,
      },
    ],
    internalTrackedRequests: [],
    summary: { minCapacity: 2, maxCapacity: 200, requestedCapacity: 4, pendingCapacity: 0, runningCapacity },
    updatedAt: '2026-11-22T08:00:00.000Z',
  };
}

describe.each(IMPLEMENTATIONS)('WorkerState repository (%s)', (implementation) => {
  let workerState: WorkerStateRepository;

  beforeAll(async () => {
    workerState = (await contractRepositories(implementation, 'workerstate', { pageSize: 2 })).workerState;
  });

  it('stores a snapshot and reads it back exactly', async () => {
    await workerState.put(snapshot('ci-linux-large'));
    expect(await workerState.get('ci-linux-large')).toEqual(snapshot('ci-linux-large'));
    expect(await workerState.get('unknown')).toBeNull();
  });

  it('replaces the previous snapshot of the same worker type', async () => {
    await workerState.put(snapshot('replaced', 4));
    await workerState.put(snapshot('replaced', 8));
    expect((await workerState.get('replaced'))!.summary.runningCapacity).toBe(8);
  });

  it('derives the API summary and state responses', async () => {
    const stored = (await workerState.get('ci-linux-large'))!;
    expect(toWorkerTypeSummary(stored)).toEqual({ workerType: 'ci-linux-large', ...snapshot('ci-linux-large').summary });
    const response = toWorkerTypeStateResponse(stored);
    expect(response).not.toHaveProperty('updatedAt');
    expect(response.requests).toEqual(snapshot('ci-linux-large').requests);
  });

  it('lists every snapshot across pages', async () => {
    const own = (await contractRepositories(implementation, 'statelist', { pageSize: 2 })).workerState;
    const names = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e'];
    for (const name of [...names].reverse()) await own.put(snapshot(name));
    expect(await own.list()).toEqual(names.map((name) => snapshot(name)));
    expect(await own.listSummaries()).toEqual(names.map((name) => toWorkerTypeSummary(snapshot(name))));
  });

  it('deletes idempotently', async () => {
    await workerState.put(snapshot('gone'));
    expect(await workerState.delete('gone')).toBe(true);
    expect(await workerState.delete('gone')).toBe(false);
    expect(await workerState.get('gone')).toBeNull();
  });

  it('rejects a malformed snapshot', async () => {
    const bad = { ...snapshot('bad'), summary: { ...snapshot('bad').summary, runningCapacity: -1 } };
    expect(isInvalidRecord(await rejectionOf(workerState.put(bad)))).toBe(true);
  });
});
