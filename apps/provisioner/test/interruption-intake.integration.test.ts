import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient, ec2EventMessageBody, SqsQueue, type Ec2InstanceEvent } from '@spot-provisioner/ec2-gateway';
import { engineEndpoints, TEST_REGION, TestClock } from '@spot-provisioner/testing';
import pino from 'pino';
import { InterruptionIntake, type MessageOutcome } from '../src/interruptions/intake';

const T = Date.parse('2026-11-23T10:00:00Z');
const warning = (n: number, eventId = `event-${n}`): Ec2InstanceEvent => ({
  kind: 'spot-interruption',
  eventId,
  time: T,
  region: 'us-east-1',
  instanceId: `i-${n.toString(16).padStart(17, '0')}`,
  action: 'terminate',
});

describe('the interruption intake, against SQS (moto)', () => {
  let admin: SQSClient;
  let queueUrl: string;
  let queue: SqsQueue;
  let outcomes: MessageOutcome[];
  let intake: InterruptionIntake;

  const send = async (bodies: readonly string[]) => {
    for (let i = 0; i < bodies.length; i += 10) {
      await admin.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })) }));
    }
  };
  /** Messages in the queue, visible or received and not yet deleted. */
  const waiting = async () => {
    const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
    const { Attributes } = await admin.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }));
    return names.reduce((sum, name) => sum + Number(Attributes?.[name] ?? Number.NaN), 0);
  };

  beforeAll(() => {
    admin = createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs);
  });
  afterAll(() => admin.destroy());
  beforeEach(async () => {
    queueUrl = (await admin.send(new CreateQueueCommand({ QueueName: `intake-${Date.now()}-${Math.floor(Math.random() * 1e6)}` }))).QueueUrl ?? '';
    queue = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs) });
    outcomes = [];
    intake = new InterruptionIntake({ queue, clock: new TestClock(T), logger: pino({ level: 'silent' }), onOutcome: (o) => outcomes.push(o), waitSeconds: 0 });
  });
  afterEach(() => queue.destroy());

  it('buffers events for the next iteration and deletes each message once it is acknowledged', async () => {
    await send([ec2EventMessageBody(warning(1)), ec2EventMessageBody(warning(2))]);
    expect(await intake.pollOnce()).toBe(2);
    const taken = intake.take();
    expect(taken.map((r) => r.event.instanceId)).toEqual([warning(1).instanceId, warning(2).instanceId]);
    expect(intake.take()).toEqual([]);
    expect(await waiting()).toBe(2); // received, not yet deleted: hidden until acknowledged
    intake.acknowledge(taken.map((r) => ({ receiptHandle: r.receiptHandle, outcome: 'handled' as const })));
    await intake.flushDeletes();
    expect(await waiting()).toBe(0);
    expect(outcomes).toEqual(['handled', 'handled']);
  });

  it('deletes and counts garbage, events it does not act on and repeated event ids at once, never buffering them', async () => {
    const running = JSON.stringify({ ...JSON.parse(ec2EventMessageBody(warning(3))), 'detail-type': 'EC2 Instance State-change Notification', detail: { 'instance-id': warning(3).instanceId, state: 'running' } });
    await send(['not json at all', '{"source":"aws.ec2"}', running, ec2EventMessageBody(warning(4, 'same')), ec2EventMessageBody(warning(5, 'same'))]);
    await intake.pollOnce();
    await intake.flushDeletes();
    expect(intake.take().map((r) => r.event.eventId)).toEqual(['same']);
    expect(outcomes.sort()).toEqual(['duplicate', 'garbage', 'garbage', 'ignored']);
    expect(await waiting()).toBe(1);
  });

  it('drains a burst in receive rounds of ten', async () => {
    await send(Array.from({ length: 45 }, (_, n) => ec2EventMessageBody(warning(100 + n))));
    let rounds = 0;
    while ((await intake.pollOnce()) > 0) rounds += 1;
    expect(intake.take()).toHaveLength(45);
    // SQS may answer fewer than ten; at most three rounds per ten messages
    expect(rounds).toBeLessThanOrEqual(3 * Math.ceil(45 / 10));
  });

  it('reports the queue unreadable when it vanishes, and readable again once it answers', async () => {
    expect(intake.status()).toMatchObject({ readable: true, detail: null });
    await admin.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    expect(await intake.pollOnce()).toBe(0);
    expect(intake.status()).toMatchObject({ readable: false, detail: expect.stringContaining('the queue does not exist') });
    await admin.send(new CreateQueueCommand({ QueueName: queueUrl.split('/').pop() }));
    await intake.pollOnce();
    expect(intake.status()).toMatchObject({ readable: true, detail: null });
  });
});

describe('the interruption intake loop', () => {
  it('runs beside the iterations and stops at once, abandoning a long poll in flight', async () => {
    let polls = 0;
    const queue = {
      receive: (_options: unknown, signal?: AbortSignal) =>
        new Promise<never>((_resolve, reject) => {
          polls += 1;
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      deleteBatch: async () => ({ deleted: [], failed: [] }),
    };
    const intake = new InterruptionIntake({ queue, clock: new TestClock(T), logger: pino({ level: 'silent' }) });
    intake.start();
    await intake.stop(); // would hang here if the long poll were not abandoned
    expect(polls).toBe(1);
    expect(intake.status().readable).toBe(true);
  });
});
