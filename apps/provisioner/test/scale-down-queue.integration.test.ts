/**
 * Scale-down's reads and writes of the queue, against the stand-in through the daemon's HTTP
 * client: what each instance is doing, the claims counted between lists, the status calls
 * spared, and the two-step drain's queue writes.
 */
import { TestClock } from '@spot-provisioner/testing';
import { startQueueStandIn, type QueueStandIn } from '../src/dev/queue-stand-in';
import { httpQueueClient, type QueueClient } from '../src/queue/queue-client';
import { executeDrains, QUARANTINE_HOLD_MS } from '../src/scale-down/act';
import { ScaleDownMemory } from '../src/scale-down/memory';
import { readQueue, type RunningInstance } from '../src/scale-down/read-queue';

const P = 'prov';
const W = 'builder';
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const MIN = 60_000;

describe('scale-down reading and writing the queue', () => {
  let clock: TestClock;
  let standIn: QueueStandIn;
  let queue: QueueClient;
  let memory: ScaleDownMemory;
  const settings = () => ({ provisionerId: P, workerType: W, now: clock.now(), minIdleMs: 3 * MIN, bootMs: 3 * MIN });
  const instance = (instanceId: string, launchedAgoMs = 30 * MIN, capacity = 1): RunningInstance => ({
    instanceId,
    region: 'us-east-1',
    launchTime: clock.now() - launchedAgoMs,
    capacity,
  });

  beforeEach(async () => {
    clock = new TestClock(T0);
    standIn = await startQueueStandIn(0, '127.0.0.1', { clock });
    queue = httpQueueClient(standIn.rootUrl);
    memory = new ScaleDownMemory();
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('tells busy from idle (since when), booting from never coming up, and whose quarantine it is', async () => {
    const s = standIn.state;
    s.claim(P, W, 'us-east-1', 'i-busy');
    const done = s.claim(P, W, 'us-east-1', 'i-idle');
    s.registerWorker(P, W, 'us-east-1', 'i-fresh');
    s.registerWorker(P, W, 'us-east-1', 'i-theirs');
    s.quarantine(P, W, 'us-east-1', 'i-theirs', T0 + 3600_000);
    s.registerWorker(P, W, 'us-west-2', 'i-gone'); // EC2 no longer shows it: ignored
    clock.advance(2 * MIN);
    s.resolve(done.taskId);
    clock.advance(8 * MIN);

    const read = await readQueue(queue, memory, settings(), [
      instance('i-busy'),
      instance('i-idle'),
      instance('i-fresh'),
      instance('i-theirs'),
      instance('i-booting', 4 * MIN),
      instance('i-silent', 20 * MIN),
    ]);
    const view = (id: string) => read.views.get(id);
    expect(view('i-busy')).toEqual({ queue: { kind: 'busy' }, quarantine: { kind: 'none' } });
    expect(view('i-idle')).toEqual({ queue: { kind: 'idle', sinceMs: T0 + 2 * MIN, basis: 'resolved' }, quarantine: { kind: 'none' } });
    expect(view('i-fresh')?.queue).toEqual({ kind: 'idle', sinceMs: T0, basis: 'first-claim' });
    expect(view('i-theirs')?.quarantine).toEqual({ kind: 'other', untilMs: T0 + 3600_000 });
    expect(view('i-booting')?.queue).toEqual({ kind: 'booting', launchedMs: T0 + 6 * MIN, graceMs: 15 * MIN });
    expect(view('i-silent')?.queue).toEqual({ kind: 'idle', sinceMs: T0 - 10 * MIN, basis: 'launch' });
    expect(read.views.has('i-gone')).toBe(false);
    // a first list counts no claims (nothing to compare with); one list call, a status call per worker with a task
    expect(read.claimed).toBeUndefined();
    expect(read.calls).toEqual({ list: 1, status: 2, getWorker: 0 });
  });

  it('counts the claims between two lists and asks nothing it already knows', async () => {
    const s = standIn.state;
    const first = s.claim(P, W, 'us-east-1', 'i-a');
    s.claim(P, W, 'us-east-1', 'i-b');
    const fleet = [instance('i-a'), instance('i-b'), instance('i-c')];
    await readQueue(queue, memory, settings(), fleet);

    clock.advance(30_000);
    s.resolve(first.taskId);
    s.claim(P, W, 'us-east-1', 'i-a');
    s.claim(P, W, 'us-east-1', 'i-c');
    const second = await readQueue(queue, memory, settings(), fleet);
    expect(second.claimed).toBe(2);
    // i-b was seen running 30 s ago, i-a and i-c claimed since the last list: none can have idled 3 minutes
    expect(second.calls.status).toBe(0);
    expect([...second.views.values()].map((v) => v.queue.kind)).toEqual(['busy', 'busy', 'busy']);
    expect(standIn.calls('status')).toBe(2);
  });

  it('quarantines, then terminates if still idle with no claim; lifts the quarantine of one that claimed meanwhile', async () => {
    const s = standIn.state;
    for (const id of ['i-1', 'i-2']) s.registerWorker(P, W, 'us-east-1', id);
    const terminated: string[][] = [];
    const ec2 = { terminateInstances: async (_region: string, ids: readonly string[]) => void terminated.push([...ids]) };
    const ctx = () => ({ queue, ec2, memory, provisionerId: P, workerType: W, now: clock.now() });
    await readQueue(queue, memory, settings(), [instance('i-1'), instance('i-2')]);
    const quarantine = (id: string) => ({ instanceId: id, region: 'us-east-1', action: 'quarantine' as const, capacity: 1, reason: 'idle' });
    expect((await executeDrains(ctx(), [quarantine('i-1'), quarantine('i-2')])).every((o) => o.ok)).toBe(true);
    expect(s.worker(P, W, 'us-east-1', 'i-1')?.quarantineUntilMs).toBe(T0 + QUARANTINE_HOLD_MS);
    expect(() => s.claim(P, W, 'us-east-1', 'i-1')).toThrow(/quarantined/);

    // a claim that was in flight when the quarantine began still lands on i-2
    s.claim(P, W, 'us-east-1', 'i-2', { inFlight: true });
    clock.advance(30_000);
    const read = await readQueue(queue, memory, settings(), [instance('i-1'), instance('i-2')]);
    expect(read.views.get('i-1')?.quarantine).toEqual({ kind: 'ours', sinceMs: T0, claimedSince: false });
    expect(read.views.get('i-2')?.quarantine).toEqual({ kind: 'ours', sinceMs: T0, claimedSince: true });
    expect(read.views.get('i-2')?.queue).toEqual({ kind: 'busy' });

    const outcomes = await executeDrains(ctx(), [
      { instanceId: 'i-2', region: 'us-east-1', action: 'lift', capacity: 1, reason: 'claimed' },
      { instanceId: 'i-1', region: 'us-east-1', action: 'terminate', capacity: 1, reason: 'idle' },
    ]);
    expect(outcomes.map((o) => [o.action.instanceId, o.ok])).toEqual([
      ['i-2', true],
      ['i-1', true],
    ]);
    expect(terminated).toEqual([['i-1']]);
    expect(s.worker(P, W, 'us-east-1', 'i-2')?.quarantineUntilMs).toBe(T0 + 30_000);
    expect(memory.drainsOf(W).size).toBe(0);
  });

  it('drains a worker the queue never knew: nothing to quarantine, terminated at the next iteration', async () => {
    const ec2 = { terminateInstances: async () => undefined };
    const outcomes = await executeDrains({ queue, ec2, memory, provisionerId: P, workerType: W, now: clock.now() }, [
      { instanceId: 'i-never', region: 'us-east-1', action: 'quarantine', capacity: 1, reason: 'idle since launch' },
    ]);
    expect(outcomes[0]?.ok).toBe(true);
    expect(memory.drainsOf(W).get('i-never')).toMatchObject({ unknownToQueue: true });
    clock.advance(30_000);
    const read = await readQueue(queue, memory, settings(), [instance('i-never', 40 * MIN)]);
    expect(read.views.get('i-never')).toEqual({
      queue: { kind: 'idle', sinceMs: T0 + 30_000 - 40 * MIN, basis: 'launch' },
      quarantine: { kind: 'ours', sinceMs: T0, claimedSince: false },
    });
  });

  it('reads a worker with several slots as idle only when none of its recent runs is running', async () => {
    const s = standIn.state;
    const long = s.claim(P, W, 'us-east-1', 'i-big');
    const short = s.claim(P, W, 'us-east-1', 'i-big');
    clock.advance(MIN);
    s.resolve(short.taskId);
    clock.advance(10 * MIN);
    const busy = await readQueue(queue, memory, settings(), [instance('i-big', 60 * MIN, 4)]);
    expect(busy.views.get('i-big')?.queue).toEqual({ kind: 'busy' });
    expect(busy.calls).toEqual({ list: 1, status: 2, getWorker: 1 });

    s.resolve(long.taskId);
    clock.advance(4 * MIN);
    const idle = await readQueue(queue, memory, settings(), [instance('i-big', 60 * MIN, 4)]);
    expect(idle.views.get('i-big')?.queue).toEqual({ kind: 'idle', sinceMs: T0 + 11 * MIN, basis: 'resolved' });
  });
});
