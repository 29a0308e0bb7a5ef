/**
 * The interruption queue's reader: a loop beside the iterations (never inside one) long-polls
 * SQS, parses each message at once, counts and deletes what needs no iteration (garbage,
 * events it does not act on, a repeated event id), and buffers the events. An iteration takes
 * the buffer without waiting on SQS and acknowledges each message once its effect is
 * recorded; acknowledged messages are deleted in batches, behind the iteration.
 */
import { isSqsQueueMissing, parseEc2EventMessage, SQS_MAX_BATCH, type DeleteResult, type Ec2InstanceEvent, type ReceiveOptions, type SqsMessage } from '@spot-provisioner/ec2-gateway';
import type { Logger } from 'pino';
import type { Clock, Sleep } from '../clock';
import { realSleep } from '../clock';
import { errorMessage } from '../error-message';

/** What the daemon needs of the queue (packages/ec2-gateway's SqsQueue; the simulator's in-memory queue). */
export interface InterruptionQueuePort {
  receive(options: ReceiveOptions, signal?: AbortSignal): Promise<SqsMessage[]>;
  deleteBatch(receiptHandles: readonly string[]): Promise<DeleteResult>;
}

/** SQS's longest long poll: an idle queue costs three receives a minute. */
export const INTAKE_WAIT_SECONDS = 20;
/**
 * A received message stays hidden this long: longer than an iteration period, its deadline and
 * the deletion behind it, so SQS offers it again only if the daemon died holding it.
 */
export const INTAKE_VISIBILITY_TIMEOUT_S = 300;
/** After a failed receive, wait before the next one: a missing or failing queue is not hammered, and recovers within seconds. */
export const INTAKE_RETRY_DELAY_MS = 5_000;
/** Events held for the next iteration at most; beyond it the rest stays in SQS until the iteration has taken these. */
export const MAX_BUFFERED_EVENTS = 5_000;
/** While this daemon is a standby it does not receive (the active daemon must get every message); it checks again this often. */
export const INTAKE_STANDBY_CHECK_MS = 5_000;
/** Event ids remembered against EventBridge's duplicate deliveries: the queue keeps a message an hour. */
export const SEEN_EVENT_MEMORY_MS = 2 * 3600_000;

/** What became of one message (`provisioner_interruption_messages_total{outcome}`). */
export const MESSAGE_OUTCOMES = ['handled', 'duplicate', 'foreign', 'ignored', 'garbage'] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

export interface ReceivedEvent {
  readonly event: Ec2InstanceEvent;
  readonly receiptHandle: string;
  /** When the daemon received it (epoch ms). */
  readonly receivedAt: number;
}

export interface IntakeStatus {
  /** False since the last receive failed, until one succeeds: /health reports the daemon degraded. */
  readonly readable: boolean;
  readonly detail: string | null;
  readonly buffered: number;
  readonly receives: number;
}

export interface InterruptionIntakeOptions {
  readonly queue: InterruptionQueuePort;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called once per message with what became of it. */
  readonly onOutcome?: (outcome: MessageOutcome) => void;
  readonly sleep?: Sleep;
  readonly waitSeconds?: number;
}

export class InterruptionIntake {
  private buffer: ReceivedEvent[] = [];
  private readonly toDelete: string[] = [];
  private readonly seen = new Map<string, number>();
  private deleting: Promise<void> = Promise.resolve();
  private failure: string | null = null;
  private receives = 0;
  private loop: Promise<void> | undefined;
  private stopper: AbortController | undefined;

  constructor(private readonly options: InterruptionIntakeOptions) {}

  status(): IntakeStatus {
    return { readable: this.failure === null, detail: this.failure, buffered: this.buffer.length, receives: this.receives };
  }

  /**
   * One receive round: up to ten messages (long-polled for `waitSeconds`), each parsed and
   * either buffered or counted and deleted. Never throws: a failure marks the queue unreadable.
   * Returns how many messages arrived.
   */
  async pollOnce(waitSeconds = this.options.waitSeconds ?? INTAKE_WAIT_SECONDS, signal?: AbortSignal): Promise<number> {
    if (this.buffer.length >= MAX_BUFFERED_EVENTS) return 0;
    let messages: SqsMessage[];
    try {
      this.receives += 1;
      const receive = { maxMessages: SQS_MAX_BATCH, waitSeconds, visibilityTimeoutSeconds: INTAKE_VISIBILITY_TIMEOUT_S };
      messages = await this.options.queue.receive(receive, signal);
    } catch (err) {
      if (signal?.aborted) return 0;
      this.markUnreadable(isSqsQueueMissing(err) ? 'the queue does not exist (deleted, or INTERRUPTION_QUEUE_URL names another)' : errorMessage(err));
      return 0;
    }
    if (this.failure !== null) this.options.logger.info('the interruption queue answers again');
    this.failure = null;
    const now = this.options.clock.now();
    this.forgetOldEvents(now);
    for (const message of messages) this.admit(message, now);
    this.deleteSoon();
    return messages.length;
  }

  /** The events received since the last take, oldest first; synchronous, so an iteration never waits on SQS. */
  take(): ReceivedEvent[] {
    const taken = this.buffer;
    this.buffer = [];
    return taken;
  }

  /** Events an iteration could not settle yet (their region was not described): offered again to the next one. */
  giveBack(events: readonly ReceivedEvent[]): void {
    this.buffer = [...events, ...this.buffer];
  }

  /** Messages whose effect is recorded: counted, and deleted behind the iteration. */
  acknowledge(settled: readonly { receiptHandle: string; outcome: MessageOutcome }[]): void {
    for (const { receiptHandle, outcome } of settled) {
      this.options.onOutcome?.(outcome);
      this.toDelete.push(receiptHandle);
    }
    this.deleteSoon();
  }

  /** Resolves once every acknowledged message has been deleted (or its deletion has failed and been logged). */
  async flushDeletes(): Promise<void> {
    this.deleteSoon();
    await this.deleting;
  }

  /** Starts the receive loop beside the iterations; it receives only while `active()` (the lease is held). */
  start(active: () => boolean = () => true): void {
    if (this.loop) return;
    const stopper = new AbortController();
    this.stopper = stopper;
    this.loop = this.run(stopper.signal, active);
  }

  /** Ends the loop (an in-flight long poll is abandoned; its messages reappear after the visibility timeout) and deletes what was acknowledged. */
  async stop(): Promise<void> {
    this.stopper?.abort();
    await this.loop;
    this.loop = undefined;
    await this.flushDeletes();
  }

  private async run(signal: AbortSignal, active: () => boolean): Promise<void> {
    const sleep = this.options.sleep ?? realSleep;
    while (!signal.aborted) {
      if (!active()) {
        await abortable(sleep(INTAKE_STANDBY_CHECK_MS), signal);
        continue;
      }
      await this.pollOnce(undefined, signal);
      if (this.failure !== null && !signal.aborted) await abortable(sleep(INTAKE_RETRY_DELAY_MS), signal);
      // a full buffer waits for the next iteration's take
      else if (this.buffer.length >= MAX_BUFFERED_EVENTS && !signal.aborted) await abortable(sleep(INTAKE_RETRY_DELAY_MS), signal);
    }
  }

  private admit(message: SqsMessage, now: number): void {
    const parsed = parseEc2EventMessage(message.body);
    if (parsed.outcome !== 'event') {
      if (parsed.outcome === 'garbage') this.options.logger.warn({ messageId: message.messageId, reason: parsed.reason }, 'unparsable interruption message deleted');
      this.acknowledge([{ receiptHandle: message.receiptHandle, outcome: parsed.outcome }]);
      return;
    }
    if (this.seen.has(parsed.event.eventId)) {
      this.acknowledge([{ receiptHandle: message.receiptHandle, outcome: 'duplicate' }]);
      return;
    }
    this.seen.set(parsed.event.eventId, now);
    this.buffer.push({ event: parsed.event, receiptHandle: message.receiptHandle, receivedAt: now });
  }

  private forgetOldEvents(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at <= SEEN_EVENT_MEMORY_MS) break; // insertion order is arrival order
      this.seen.delete(id);
    }
  }

  private markUnreadable(detail: string): void {
    if (this.failure === null) this.options.logger.error({ err: detail }, 'the interruption queue cannot be read; iterations go on without it');
    this.failure = `the interruption queue cannot be read: ${detail}`;
  }

  /** One deletion at a time, each taking everything acknowledged so far (batches of ten). */
  private deleteSoon(): void {
    this.deleting = this.deleting.then(async () => {
      if (this.toDelete.length === 0) return;
      const handles = this.toDelete.splice(0);
      try {
        const result = await this.options.queue.deleteBatch(handles);
        // an expired handle's message comes back and is then a duplicate: nothing to retry here
        if (result.failed.length > 0) this.options.logger.warn({ failed: result.failed.length, code: result.failed[0]?.code }, 'some interruption messages were not deleted');
      } catch (err) {
        this.options.logger.warn({ err: errorMessage(err), messages: handles.length }, 'deleting interruption messages failed; SQS will offer them again');
      }
    });
  }
}

/** Resolves when `promise` does or `signal` aborts, whichever is first. */
function abortable(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    void promise.then(done);
  });
}
