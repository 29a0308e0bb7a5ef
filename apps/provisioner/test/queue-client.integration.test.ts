/**
 * The queue client and the development stand-in against each other and against the official
 * taskcluster-client `Queue` class: the stand-in's routes cannot drift from Taskcluster's (the
 * official client would fail), and the daemon's client reads exactly what the official one reads.
 */
import { type FaultProxy, startFaultProxy, TestClock } from '@spot-provisioner/testing';
import taskcluster from 'taskcluster-client';
import { startQueueStandIn, type QueueStandIn } from '../src/dev/queue-stand-in';
import { isQueueError, isQueueNotFound, type QueueError } from '../src/queue/errors';
import { httpQueueClient, QueueClient } from '../src/queue/queue-client';
import { HttpQueueTransport } from '../src/queue/transport';

const P = 'aws-provisioner-v1';
const W = 'builder';
const CREDENTIALS = { clientId: 'project/provisioner', accessToken: 'the-daemons-access-token' };
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const noSleep = async () => undefined;

describe('the queue client and the stand-in, checked with the official Queue class', () => {
  let clock: TestClock;
  let standIn: QueueStandIn;
  let official: { [method: string]: (...args: unknown[]) => Promise<Record<string, unknown>> };

  beforeEach(async () => {
    clock = new TestClock(T0);
    standIn = await startQueueStandIn(0, '127.0.0.1', { clock, credentials: CREDENTIALS });
    official = new taskcluster.Queue({ rootUrl: standIn.rootUrl, credentials: CREDENTIALS, retries: 0 });
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('lists workers page by page with continuationToken and limit, as the official client reads them', async () => {
    for (const id of ['i-0003', 'i-0001', 'i-0002']) standIn.state.registerWorker(P, W, 'us-east-1', id);
    const claimed = standIn.state.claim(P, W, 'us-east-1', 'i-0002');

    const first = await official.listWorkers!(P, W, { limit: 2 });
    expect((first.workers as { workerId: string }[]).map((w) => w.workerId)).toEqual(['i-0001', 'i-0002']);
    expect(first.workers).toContainEqual({
      workerGroup: 'us-east-1',
      workerId: 'i-0002',
      firstClaim: new Date(T0).toISOString(),
      latestTask: { taskId: claimed.taskId, runId: 0 },
    });
    const second = await official.listWorkers!(P, W, { limit: 2, continuationToken: first.continuationToken });
    expect((second.workers as { workerId: string }[]).map((w) => w.workerId)).toEqual(['i-0003']);
    expect(second.continuationToken).toBeUndefined();

    const client = httpQueueClient(standIn.rootUrl);
    const page = await client.listWorkers(P, W, { limit: 2 });
    expect(page).toEqual(first);
    expect((await client.listAllWorkers(P, W)).map((w) => w.workerId)).toEqual(['i-0001', 'i-0002', 'i-0003']);
    expect(standIn.calls('listWorkers')).toBe(4);
  });

  it('quarantines a worker with a signed PUT; the quarantined worker is given no claim until it is lifted', async () => {
    standIn.state.registerWorker(P, W, 'us-east-1', 'i-0001');
    const until = new Date(T0 + 300_000);
    const client = httpQueueClient(standIn.rootUrl, { credentials: CREDENTIALS });
    const answer = await client.quarantineWorker(P, W, 'us-east-1', 'i-0001', until);
    expect(answer.quarantineUntil).toBe(until.toISOString());
    expect(() => standIn.state.claim(P, W, 'us-east-1', 'i-0001')).toThrow(/quarantined/);
    expect((await official.listWorkers!(P, W, { quarantined: true })).workers).toHaveLength(1);
    expect((await official.listWorkers!(P, W, { quarantined: false })).workers).toHaveLength(0);

    // the official client sets the same field on the same route
    const lifted = await official.quarantineWorker!(P, W, 'us-east-1', 'i-0001', { quarantineUntil: new Date(T0).toISOString() });
    expect(lifted.quarantineUntil).toBe(new Date(T0).toISOString());
    expect(standIn.state.claim(P, W, 'us-east-1', 'i-0001').runId).toBe(0);
    expect(standIn.calls('quarantineWorker')).toBe(2);
  });

  it('refuses unsigned or wrongly signed quarantines (401, not retried) and changes nothing', async () => {
    standIn.state.registerWorker(P, W, 'us-east-1', 'i-0001');
    const attempts = standIn.calls('quarantineWorker');
    const unsigned = await httpQueueClient(standIn.rootUrl, { sleep: noSleep })
      .quarantineWorker(P, W, 'us-east-1', 'i-0001', new Date(T0 + 60_000))
      .catch((err: unknown) => err as QueueError);
    expect(isQueueError(unsigned) && unsigned.kind === 'http' && unsigned.status === 401).toBe(true);
    const wrong = await httpQueueClient(standIn.rootUrl, { credentials: { ...CREDENTIALS, accessToken: 'not-it' }, sleep: noSleep })
      .quarantineWorker(P, W, 'us-east-1', 'i-0001', new Date(T0 + 60_000))
      .catch((err: unknown) => err as QueueError);
    expect(wrong).toMatchObject({ kind: 'http', status: 401 });
    expect(standIn.calls('quarantineWorker') - attempts).toBe(2);
    expect(standIn.state.worker(P, W, 'us-east-1', 'i-0001')?.quarantineUntilMs).toBeUndefined();
  });

  it('reads a worker and the status of its task runs as the official client does', async () => {
    const { taskId } = standIn.state.claim(P, W, 'us-west-2', 'i-0009');
    clock.advance(90_000);
    standIn.state.resolve(taskId);
    const client = httpQueueClient(standIn.rootUrl);

    const worker = await client.getWorker(P, W, 'us-west-2', 'i-0009');
    expect(worker).toEqual(await official.getWorker!(P, W, 'us-west-2', 'i-0009'));
    expect(worker.recentTasks).toEqual([{ taskId, runId: 0 }]);

    const status = await client.taskStatus(taskId);
    expect({ status }).toEqual(await official.status!(taskId));
    expect(status.runs[0]).toMatchObject({
      runId: 0,
      state: 'completed',
      workerGroup: 'us-west-2',
      workerId: 'i-0009',
      started: new Date(T0).toISOString(),
      resolved: new Date(T0 + 90_000).toISOString(),
    });
  });

  it('answers an unknown worker or task with a typed not-found, never retried', async () => {
    const client = httpQueueClient(standIn.rootUrl, { sleep: noSleep });
    expect(isQueueNotFound(await client.getWorker(P, W, 'us-east-1', 'i-none').catch((err: unknown) => err))).toBe(true);
    expect(isQueueNotFound(await client.taskStatus('nOtAtAsKiDaTaLl00000000').catch((err: unknown) => err))).toBe(true);
    const quarantine = await httpQueueClient(standIn.rootUrl, { credentials: CREDENTIALS })
      .quarantineWorker(P, W, 'us-east-1', 'i-none', new Date(T0))
      .catch((err: unknown) => err);
    expect(isQueueNotFound(quarantine)).toBe(true);
    expect(standIn.calls('getWorker')).toBe(1);
  });

  it('refuses a quarantine body that is not {quarantineUntil: date-time} with the reason', async () => {
    standIn.state.registerWorker(P, W, 'us-east-1', 'i-0001');
    const refused = await official.quarantineWorker!(P, W, 'us-east-1', 'i-0001', { quarantineUntil: 'tomorrow', extra: 1 }).catch(
      (err: { statusCode?: number; body?: { message?: string } }) => err,
    );
    expect(refused).toMatchObject({ statusCode: 400 });
    expect(standIn.state.worker(P, W, 'us-east-1', 'i-0001')?.quarantineUntilMs).toBeUndefined();
  });
});

describe('the queue client when the queue fails', () => {
  let standIn: QueueStandIn;
  let proxy: FaultProxy | undefined;
  beforeEach(async () => {
    standIn = await startQueueStandIn();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await standIn.close();
  });

  it('retries a 5xx a bounded number of times, then reports it typed with the status', async () => {
    standIn.setFailure(P, W, 503);
    const waits: number[] = [];
    const client = new QueueClient(new HttpQueueTransport(standIn.rootUrl), { sleep: async (ms) => void waits.push(ms) });
    const failure = await client.pendingTasks(P, W).catch((err: unknown) => err);
    expect(failure).toMatchObject({ name: 'QueueError', kind: 'http', status: 503 });
    expect((failure as Error).message).toContain(W);
    expect(standIn.reads(P, W)).toBe(3);
    expect(waits).toEqual([200, 800]);
    expect(client.calls.pendingTasks).toBe(1);
  });

  it('reports garbage as malformed and never retries it', async () => {
    proxy = await startFaultProxy(standIn.rootUrl, 'garbage');
    const failure = await httpQueueClient(proxy.url, { sleep: noSleep }).listWorkers(P, W).catch((err: unknown) => err);
    expect(failure).toMatchObject({ kind: 'malformed' });
    expect(proxy.connections).toBe(1);
  });

  it('reports a well-formed answer of the wrong shape as malformed', async () => {
    standIn.state.registerWorker(P, W, 'us-east-1', 'i-0001');
    // the worker route answered where the list was asked for: JSON, but not a worker list
    const transport = new HttpQueueTransport(standIn.rootUrl);
    const client = new QueueClient({ send: (r) => transport.send({ ...r, path: `${r.path}/us-east-1/i-0001` }) }, { sleep: noSleep });
    expect(await client.listWorkers(P, W).catch((err: unknown) => err)).toMatchObject({ kind: 'malformed' });
  });

  it('reports a queue that does not answer in time as a timeout', async () => {
    proxy = await startFaultProxy(standIn.rootUrl, 'hang');
    const failure = await httpQueueClient(proxy.url, { timeoutMs: 200, sleep: noSleep }).taskStatus('abc').catch((err: unknown) => err);
    expect(failure).toMatchObject({ kind: 'timeout' });
  });

  it('reports a refused connection as unreachable after its retries', async () => {
    proxy = await startFaultProxy(standIn.rootUrl, 'refuse');
    const failure = await httpQueueClient(proxy.url, { sleep: noSleep }).pendingTasks(P, W).catch((err: unknown) => err);
    expect(failure).toMatchObject({ kind: 'unreachable' });
    expect(proxy.connections).toBe(3);
  });
});
