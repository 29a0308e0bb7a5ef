/**
 * The one way this project calls SQS: one queue's client with timeouts, the EC2 gateway's
 * throttling retry, every attempt reported, SDK exceptions translated into typed errors
 * (./sqs-errors.ts). The daemon reads its interruption queue through it.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EC2_CONNECTION_TIMEOUT_MS, gatewayClientConfig } from './client';
import { awsErrorCode } from './errors';
import { callWithThrottleRetry, DAEMON_RETRY, realSleep, ThrottlePace, type RetryPolicy, type Sleep, type ThrottledCallPolicy } from './retry';
import { SQS_THROTTLING_CODES, translateSqsFailure } from './sqs-errors';

/** SQS's longest long poll (WaitTimeSeconds). */
export const SQS_MAX_WAIT_SECONDS = 20;
/** SQS's largest ReceiveMessage and DeleteMessageBatch. */
export const SQS_MAX_BATCH = 10;
/** A long poll answers within its wait; this much more without an answer means the endpoint hangs. */
export const SQS_ANSWER_MARGIN_MS = 5_000;
/** Every call's ceiling: the longest long poll plus the margin (a delete answers in milliseconds, well inside it). */
export const SQS_REQUEST_TIMEOUT_MS = SQS_MAX_WAIT_SECONDS * 1000 + SQS_ANSWER_MARGIN_MS;

export interface SqsTimeouts {
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export const DAEMON_SQS_TIMEOUTS: SqsTimeouts = { connectionTimeoutMs: EC2_CONNECTION_TIMEOUT_MS, requestTimeoutMs: SQS_REQUEST_TIMEOUT_MS };

/** The region in a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`); undefined for an emulator's URL. */
export function sqsRegionFromUrl(queueUrl: string): string | undefined {
  let host: string;
  try {
    host = new URL(queueUrl).hostname;
  } catch {
    return undefined;
  }
  if (host === 'queue.amazonaws.com') return 'us-east-1';
  return /^sqs[.-]([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host)?.[1];
}

/** A queue's client: endpoint and credentials from the SDK's environment (AWS_ENDPOINT_URL_SQS for an emulator), SDK retries off. */
export function createSqsClient(region: string, timeouts: SqsTimeouts = DAEMON_SQS_TIMEOUTS, endpoint?: string): SQSClient {
  return new SQSClient(gatewayClientConfig(region, timeouts, endpoint));
}

export interface SqsMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
}

export interface ReceiveOptions {
  /** 1..10 */
  readonly maxMessages: number;
  /** 0..20: 0 answers at once, more waits for a message (long polling). */
  readonly waitSeconds: number;
  /** How long the received messages stay hidden from other receivers before SQS offers them again. */
  readonly visibilityTimeoutSeconds: number;
}

export interface DeleteResult {
  /** Receipt handles deleted. */
  readonly deleted: string[];
  readonly failed: { receiptHandle: string; code: string; message: string }[];
}

export type SqsCallListener = (operation: string, outcome: string, durationMs: number) => void;

export interface SqsQueueOptions {
  readonly queueUrl: string;
  /** The queue's region when its URL does not say (an emulator); else the URL's. */
  readonly region?: string;
  readonly timeouts?: SqsTimeouts;
  readonly retry?: RetryPolicy;
  readonly sleep?: Sleep;
  /** Defaults to createSqsClient for the queue's region. Tests put a fault proxy in front here. */
  readonly client?: SQSClient;
  readonly onCall?: SqsCallListener;
}

/** One SQS queue: receive and batched delete. Throws SqsQueueMissingError, SqsUnavailableError or SqsError. */
export class SqsQueue {
  readonly queueUrl: string;
  private readonly client: SQSClient;
  private readonly policy: ThrottledCallPolicy;
  private readonly listeners: SqsCallListener[] = [];

  constructor(options: SqsQueueOptions) {
    this.queueUrl = options.queueUrl;
    const region = sqsRegionFromUrl(options.queueUrl) ?? options.region ?? 'us-east-1';
    this.client = options.client ?? createSqsClient(region, options.timeouts);
    const retry = options.retry ?? DAEMON_RETRY;
    this.policy = {
      retry,
      pace: new ThrottlePace(retry),
      sleep: options.sleep ?? realSleep,
      isThrottling: (code) => SQS_THROTTLING_CODES.has(code),
      codeOf: awsErrorCode,
      translate: translateSqsFailure,
      report: (operation, outcome, durationMs) => {
        for (const listener of this.listeners) listener(operation, outcome, durationMs);
      },
    };
    if (options.onCall) this.listeners.push(options.onCall);
  }

  onCall(listener: SqsCallListener): void {
    this.listeners.push(listener);
  }

  /** Up to `maxMessages` messages; messages SQS returns without a receipt handle or body are skipped (nothing could delete them). */
  async receive(options: ReceiveOptions, signal?: AbortSignal): Promise<SqsMessage[]> {
    const answer = await this.call('ReceiveMessage', () =>
      this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: Math.max(1, Math.min(SQS_MAX_BATCH, options.maxMessages)),
          WaitTimeSeconds: Math.max(0, Math.min(SQS_MAX_WAIT_SECONDS, options.waitSeconds)),
          VisibilityTimeout: options.visibilityTimeoutSeconds,
        }),
        signal ? { abortSignal: signal } : {},
      ),
    );
    const messages: SqsMessage[] = [];
    for (const m of answer.Messages ?? []) {
      if (!m.ReceiptHandle) continue;
      messages.push({ messageId: m.MessageId ?? m.ReceiptHandle, receiptHandle: m.ReceiptHandle, body: m.Body ?? '' });
    }
    return messages;
  }

  /** Deletes in batches of 10; handles SQS refused one by one (e.g. expired) come back in `failed`. */
  async deleteBatch(receiptHandles: readonly string[]): Promise<DeleteResult> {
    const result: DeleteResult = { deleted: [], failed: [] };
    for (let start = 0; start < receiptHandles.length; start += SQS_MAX_BATCH) {
      const chunk = receiptHandles.slice(start, start + SQS_MAX_BATCH);
      // batch entry ids are the handles' positions: receipt handles are too long and too free-form to be ids
      const answer = await this.call('DeleteMessageBatch', () =>
        this.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: chunk.map((receiptHandle, index) => ({ Id: String(index), ReceiptHandle: receiptHandle })),
          }),
        ),
      );
      const handle = (id: string | undefined) => chunk[Number(id)] ?? '';
      for (const ok of answer.Successful ?? []) result.deleted.push(handle(ok.Id));
      for (const bad of answer.Failed ?? []) result.failed.push({ receiptHandle: handle(bad.Id), code: bad.Code ?? 'Unknown', message: bad.Message ?? '' });
    }
    return result;
  }

  destroy(): void {
    this.client.destroy();
  }

  private call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return callWithThrottleRetry(this.policy, this.queueUrl, operation, send);
  }
}
