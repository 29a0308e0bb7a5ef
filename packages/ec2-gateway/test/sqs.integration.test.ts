import { CreateQueueCommand, DeleteQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { engineEndpoints, startFaultProxy, TEST_REGION, type FaultProxy } from '@spot-provisioner/testing';
import {
  createSqsClient,
  isSqsQueueMissing,
  isSqsUnavailable,
  SqsQueue,
  sqsRegionFromUrl,
  translateSqsFailure,
  SqsUnavailableError,
} from '../src';

const SHORT = { connectionTimeoutMs: 500, requestTimeoutMs: 800 };
const RECEIVE = { maxMessages: 10, waitSeconds: 0, visibilityTimeoutSeconds: 30 };
let admin: SQSClient;
let queueUrl: string;

async function send(bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const chunk = bodies.slice(i, i + 10);
    await admin.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((body, j) => ({ Id: String(j), MessageBody: body })) }));
  }
}

beforeAll(() => {
  admin = createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs);
});
afterAll(() => admin.destroy());
beforeEach(async () => {
  const name = `gateway-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  queueUrl = (await admin.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
});

describe('the SQS queue client', () => {
  it('receives up to ten messages and deletes them in one batch', async () => {
    await send(Array.from({ length: 12 }, (_, i) => `{"n":${i}}`));
    const queue = new SqsQueue({ queueUrl, region: TEST_REGION, client: createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs) });
    const first = await queue.receive(RECEIVE);
    expect(first).toHaveLength(10);
    const deleted = await queue.deleteBatch(first.map((m) => m.receiptHandle));
    expect(deleted.deleted).toHaveLength(10);
    expect(deleted.failed).toEqual([]);
    const rest = await queue.receive(RECEIVE);
    expect(rest.map((m) => JSON.parse(m.body).n).sort()).toEqual([10, 11].sort());
    queue.destroy();
  });

  it('reports handles SQS refuses one by one, and deletes the others', async () => {
    await send(['{"n":1}']);
    const queue = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs) });
    const [message] = await queue.receive(RECEIVE);
    const result = await queue.deleteBatch([message?.receiptHandle ?? '', 'not-a-receipt-handle']);
    expect(result.deleted).toEqual([message?.receiptHandle]);
    expect(result.failed).toEqual([expect.objectContaining({ receiptHandle: 'not-a-receipt-handle', code: 'ReceiptHandleIsInvalid' })]);
    queue.destroy();
  });

  it('names a queue that no longer exists as missing', async () => {
    await admin.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    const queue = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs) });
    const failure = await queue.receive(RECEIVE).catch((err: unknown) => err);
    expect(isSqsQueueMissing(failure)).toBe(true);
    queue.destroy();
  });

  it('counts every attempt and reports the outcome', async () => {
    const calls: string[] = [];
    const queue = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs), onCall: (op, outcome) => calls.push(`${op}:${outcome}`) });
    await queue.receive(RECEIVE);
    expect(calls).toEqual(['ReceiveMessage:success']);
    queue.destroy();
  });
});

describe('the SQS queue client against a failing endpoint', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(engineEndpoints().sqs);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('turns a refused connection, a garbled answer and a hang into typed unavailable errors', async () => {
    for (const mode of ['refuse', 'garbage', 'hang'] as const) {
      proxy.mode = mode;
      const queue = new SqsQueue({ queueUrl, client: createSqsClient(TEST_REGION, SHORT, proxy.url) });
      const failure = await queue.receive(RECEIVE).catch((err: unknown) => err);
      expect({ mode, unavailable: isSqsUnavailable(failure) }).toEqual({ mode, unavailable: true });
      queue.destroy();
    }
    proxy.mode = 'pass';
  });

  it('retries throttling and gives up as unavailable, pacing the queue', async () => {
    const client = createSqsClient(TEST_REGION, undefined, engineEndpoints().sqs);
    client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'RequestThrottled', $fault: 'client' });
      },
      { step: 'initialize', name: 'throttle' },
    );
    const slept: number[] = [];
    const queue = new SqsQueue({ queueUrl, client, sleep: async (ms) => void slept.push(ms), retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
    const failure = await queue.receive(RECEIVE).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SqsUnavailableError);
    expect(slept).toEqual([100, 200]);
    queue.destroy();
  });
});

describe('SQS helpers', () => {
  it('reads the region from a queue URL, and none from an emulator URL', () => {
    expect(sqsRegionFromUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/interruptions')).toBe('eu-west-1');
    expect(sqsRegionFromUrl('https://queue.amazonaws.com/123456789012/q')).toBe('us-east-1');
    expect(sqsRegionFromUrl('http://127.0.0.1:5000/123456789012/q')).toBeUndefined();
    expect(sqsRegionFromUrl('not a url')).toBeUndefined();
  });

  it('classifies failures by code and fault', () => {
    expect(isSqsQueueMissing(translateSqsFailure('ReceiveMessage', { name: 'QueueDoesNotExist', $fault: 'client', message: 'x' }))).toBe(true);
    expect(isSqsUnavailable(translateSqsFailure('ReceiveMessage', { name: 'InternalError', $fault: 'server', message: 'x' }))).toBe(true);
    const refused = translateSqsFailure('ReceiveMessage', { name: 'AccessDenied', $fault: 'client', message: 'x' });
    expect(isSqsUnavailable(refused)).toBe(false);
    expect((refused as Error).message).toContain('AccessDenied');
  });
});
