/**
 * Plan previews off the event loop: one worker thread computes them one after another, so a
 * preview at the definition limits (hundreds of milliseconds of planning) never delays other
 * requests. The queue is bounded; a full queue, or a preview that outlives its deadline, is a
 * 503 with Retry-After. The thread starts with the first preview and is replaced if it dies.
 * The recorded markets are sent to it only when they change.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PreviewJob, PreviewOutcome, PreviewRunner } from './preview-runner';

/** Previews waiting or running at once, across clients: each client holds at most MAX_CONCURRENT_PREVIEWS_PER_CLIENT. */
export const MAX_QUEUED_PREVIEWS = 32;
/** A preview at the limits plans in well under a second; one still running after this is stuck, and its thread is replaced. */
export const PREVIEW_DEADLINE_MS = 30_000;
/** When a busy preview thread is worth asking again. */
export const PREVIEW_BUSY_RETRY_AFTER_SECONDS = 2;

/** No room for another preview now: the error handler answers 503 with Retry-After. */
export class PreviewsBusyError extends Error {
  override readonly name = 'PreviewsBusyError';
  readonly kind = 'unavailable';
  readonly retryAfterSeconds = PREVIEW_BUSY_RETRY_AFTER_SECONDS;
}

interface Pending {
  readonly job: PreviewJob;
  readonly resolve: (outcome: PreviewOutcome) => void;
  readonly reject: (error: Error) => void;
}

export class WorkerPreviewRunner implements PreviewRunner {
  private worker: Worker | undefined;
  private readonly queue: Array<Pending & { id: number }> = [];
  private running: (Pending & { id: number; timer: NodeJS.Timeout }) | undefined;
  private nextId = 1;
  /** The markets the current thread holds: sent once, not with every job (they are large). */
  private sentMarkets: PreviewJob['markets'] | undefined;

  async run(job: PreviewJob): Promise<PreviewOutcome> {
    if (this.queue.length + (this.running ? 1 : 0) >= MAX_QUEUED_PREVIEWS) {
      throw new PreviewsBusyError(`${MAX_QUEUED_PREVIEWS} plan previews are waiting; the preview thread is busy`);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const pending of this.queue.splice(0)) pending.reject(new PreviewsBusyError('the API is shutting down'));
    this.finishRunning(undefined, new PreviewsBusyError('the API is shutting down'));
    await worker?.terminate();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const next = this.queue.shift() as Pending & { id: number };
    const timer = setTimeout(() => this.replaceStuckWorker(), PREVIEW_DEADLINE_MS);
    this.running = { ...next, timer };
    const thread = this.thread();
    const { markets, ...job } = next.job;
    const fresh = markets !== this.sentMarkets;
    this.sentMarkets = markets;
    thread.postMessage({ id: next.id, job, ...(fresh ? { markets } : {}) });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startThread();
    this.sentMarkets = undefined;
    worker.on('message', (message: { id: number; outcome?: PreviewOutcome; error?: string }) => {
      if (message.id !== this.running?.id) return;
      this.finishRunning(message.outcome, message.error === undefined ? undefined : new Error(`plan preview failed: ${message.error}`));
    });
    worker.on('error', (error) => this.threadEnded(worker, error));
    worker.on('exit', (code) => this.threadEnded(worker, new Error(`the preview thread exited (code ${code})`)));
    // an idle thread must not keep the process alive
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private finishRunning(outcome: PreviewOutcome | undefined, error: Error | undefined): void {
    const running = this.running;
    if (!running) return;
    clearTimeout(running.timer);
    this.running = undefined;
    if (error) running.reject(error);
    else if (outcome) running.resolve(outcome);
    this.pump();
  }

  private threadEnded(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.finishRunning(undefined, error);
  }

  private replaceStuckWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.finishRunning(undefined, new PreviewsBusyError(`a plan preview ran past its ${PREVIEW_DEADLINE_MS} ms deadline`));
    void worker?.terminate();
  }
}

/** The thread runs this directory's preview-thread, through tsx when the API runs from TypeScript. */
function startThread(): Worker {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `preview-thread${extension}`);
  if (extension !== '.ts') return new Worker(entry);
  const tsx = require.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true });
}
