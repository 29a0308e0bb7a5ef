import { startQueueStandIn, type QueueStandIn } from '../src/dev/queue-stand-in';
import { isQueueError, QueuePendingTasks } from '../src/queue/pending-tasks';

describe('pending tasks from the queue (through the development stand-in)', () => {
  let standIn: QueueStandIn;
  beforeEach(async () => {
    standIn = await startQueueStandIn();
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('reads counts set over HTTP, and 0 for worker types never set', async () => {
    const put = await fetch(`${standIn.rootUrl}/pending/prov/builder`, {
      method: 'PUT',
      body: JSON.stringify({ pendingTasks: 7 }),
    });
    expect(put.status).toBe(200);
    const queue = new QueuePendingTasks(`${standIn.rootUrl}/`);
    expect(await queue.pendingTasks('prov', 'builder')).toBe(7);
    expect(await queue.pendingTasks('prov', 'other')).toBe(0);
    const direct = await fetch(`${standIn.rootUrl}/api/queue/v1/pending/prov/builder`);
    expect(await direct.json()).toEqual({ provisionerId: 'prov', workerType: 'builder', pendingTasks: 7 });
    expect(standIn.reads('prov', 'builder')).toBe(2);
  });

  it('rejects a count that is not a non-negative integer', async () => {
    const put = await fetch(`${standIn.rootUrl}/pending/prov/builder`, { method: 'PUT', body: JSON.stringify({ pendingTasks: -1 }) });
    expect(put.status).toBe(400);
  });

  it('reports a failing queue as a typed error naming the worker type', async () => {
    await fetch(`${standIn.rootUrl}/pending/prov/broken`, { method: 'PUT', body: JSON.stringify({ status: 503 }) });
    const failure = await new QueuePendingTasks(standIn.rootUrl).pendingTasks('prov', 'broken').catch((err: unknown) => err);
    expect(isQueueError(failure)).toBe(true);
    expect((failure as Error).message).toContain('broken');
    expect((failure as Error).message).toContain('503');
  });

  it('reports an unreachable queue as a typed error', async () => {
    const url = standIn.rootUrl;
    await standIn.close();
    const failure = await new QueuePendingTasks(url, 1_000).pendingTasks('prov', 'builder').catch((err: unknown) => err);
    expect(isQueueError(failure)).toBe(true);
    standIn = await startQueueStandIn();
  });
});
