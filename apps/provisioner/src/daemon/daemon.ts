/**
 * The daemon shell around the iteration: holds the lease while it acts (a second daemon
 * stays on standby until the lease expires), never overlaps iterations, records the
 * heartbeat, and shuts down cleanly. Scheduling is the entry point's business: it calls tick().
 */
import { isLeaseNotHeld, type ProvisionerRepository } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { errorMessage } from '../ec2/errors';
import type { IterationReport } from '../iteration/iteration';
import type { ProvisionerMetrics } from '../metrics';

/** Lease length: four default iterations, so one slow iteration never loses it, yet a standby takes over within minutes of a crash. */
export const LEASE_DURATION_MS = 2 * 60_000;
/** Renew well inside the lease so a long iteration keeps it. */
export const LEASE_RENEW_INTERVAL_MS = 30_000;
/** How long shutdown waits for the running iteration: inside a container runtime's usual 30 s grace period. */
export const SHUTDOWN_GRACE_MS = 25_000;

export type TickOutcome = 'iterated' | 'failed' | 'standby' | 'skipped' | 'stopped';

export interface DaemonDeps {
  holderId: string;
  provisioner: Pick<ProvisionerRepository, 'acquireLease' | 'renewLease' | 'releaseLease' | 'recordHeartbeat'>;
  iterate(signal: AbortSignal): Promise<IterationReport>;
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics;
  leaseDurationMs?: number;
  leaseRenewIntervalMs?: number;
  /** Called when this daemon takes the lease (again): what it cached may be stale. */
  onLeaseAcquired?: () => void;
  /** The schedule's period, written into every heartbeat (see schedulePeriodMs). */
  iterationPeriodMs?: number;
}

export interface DaemonStatus {
  leaseHeld: boolean;
  iterating: boolean;
  stopping: boolean;
  lastOutcome: TickOutcome | undefined;
  lastReport: IterationReport | undefined;
  lastError: string | undefined;
}

export class Daemon {
  private running: Promise<TickOutcome> | undefined;
  private abort: AbortController | undefined;
  private stopping = false;
  private leaseHeld = false;
  private lastOutcome: TickOutcome | undefined;
  private lastReport: IterationReport | undefined;
  private lastError: string | undefined;
  private readonly leaseMs: number;

  constructor(private readonly deps: DaemonDeps) {
    this.leaseMs = deps.leaseDurationMs ?? LEASE_DURATION_MS;
  }

  status(): DaemonStatus {
    return {
      leaseHeld: this.leaseHeld,
      iterating: this.running !== undefined,
      stopping: this.stopping,
      lastOutcome: this.lastOutcome,
      lastReport: this.lastReport,
      lastError: this.lastError,
    };
  }

  /** One scheduled tick: iterate if we hold (or can take) the lease and nothing is running. */
  async tick(): Promise<TickOutcome> {
    if (this.stopping) return 'stopped';
    if (this.running) {
      this.deps.logger.warn('previous iteration still running; skipping this tick');
      return 'skipped';
    }
    const run = this.runOnce().finally(() => {
      this.running = undefined;
      this.abort = undefined;
    });
    this.running = run;
    this.lastOutcome = await run;
    return this.lastOutcome;
  }

  /** Finishes (or, after the grace period, abandons) the running iteration, then releases the lease. */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    this.stopping = true;
    const running = this.running;
    if (running) {
      this.deps.logger.info('shutting down: asking the running iteration to stop launching');
      this.abort?.abort();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const result = await Promise.race([running.then(() => 'done' as const), expired]);
      clearTimeout(timer);
      if (result === 'timeout') this.deps.logger.warn({ graceMs }, 'iteration did not finish in time; abandoning it');
    }
    if (this.leaseHeld) {
      try {
        await this.deps.provisioner.releaseLease(this.deps.holderId);
        this.deps.logger.info('lease released');
      } catch (err) {
        this.deps.logger.error({ err: errorMessage(err) }, 'releasing the lease failed; it will expire');
      }
      this.setLeaseHeld(false);
    }
  }

  private async runOnce(): Promise<TickOutcome> {
    const { deps } = this;
    const abort = new AbortController();
    this.abort = abort;
    const now = new Date(deps.clock.now());
    let acquired: Awaited<ReturnType<DaemonDeps['provisioner']['acquireLease']>>;
    try {
      acquired = await deps.provisioner.acquireLease(deps.holderId, now, this.leaseMs);
    } catch (err) {
      this.lastError = errorMessage(err);
      deps.logger.error({ err: this.lastError }, 'could not read the lease; not iterating');
      this.setLeaseHeld(false);
      return 'failed';
    }
    if (!acquired.acquired) {
      if (this.leaseHeld) deps.logger.warn('lease lost to another daemon; standing by');
      this.setLeaseHeld(false);
      deps.logger.debug({ holder: acquired.holder?.holderId, until: acquired.holder?.expiresAt }, 'standby: lease held elsewhere');
      return 'standby';
    }
    if (!this.leaseHeld) {
      deps.logger.info({ holderId: deps.holderId }, 'lease acquired; acting');
      deps.onLeaseAcquired?.();
    }
    this.setLeaseHeld(true);
    if (abort.signal.aborted) return 'stopped'; // shutdown began while the lease was being taken
    const renewer = setInterval(() => void this.renew(abort), deps.leaseRenewIntervalMs ?? LEASE_RENEW_INTERVAL_MS);
    renewer.unref();
    const started = deps.clock.now();
    try {
      const report = await deps.iterate(abort.signal);
      this.lastReport = report;
      this.lastError = undefined;
      deps.metrics?.iterationDuration.observe({ outcome: 'ok' }, report.durationMs / 1000);
      await this.heartbeat({
        startedAt: report.startedAt.toISOString(),
        finishedAt: report.finishedAt.toISOString(),
        durationMs: report.durationMs,
        launches: report.launches,
        errors: report.errors,
        terminations: report.terminations,
        ok: report.errors === 0,
      });
      return 'iterated';
    } catch (err) {
      this.lastError = errorMessage(err);
      const finished = deps.clock.now();
      deps.metrics?.iterationDuration.observe({ outcome: 'failed' }, (finished - started) / 1000);
      deps.logger.error({ err: this.lastError }, 'iteration failed');
      await this.heartbeat({
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(finished).toISOString(),
        durationMs: Math.max(0, finished - started),
        launches: 0,
        errors: 1,
        terminations: 0,
        ok: false,
      });
      return 'failed';
    } finally {
      clearInterval(renewer);
    }
  }

  private async renew(abort: AbortController): Promise<void> {
    try {
      await this.deps.provisioner.renewLease(this.deps.holderId, new Date(this.deps.clock.now()), this.leaseMs);
    } catch (err) {
      if (isLeaseNotHeld(err)) {
        this.deps.logger.error('lease lost during the iteration; stopping its launches');
        this.setLeaseHeld(false);
        abort.abort();
      } else {
        this.deps.logger.warn({ err: errorMessage(err) }, 'lease renewal failed; will retry');
      }
    }
  }

  private async heartbeat(beat: Parameters<DaemonDeps['provisioner']['recordHeartbeat']>[0]): Promise<void> {
    try {
      const { iterationPeriodMs } = this.deps;
      await this.deps.provisioner.recordHeartbeat({
        holderId: this.deps.holderId,
        ...beat,
        ...(iterationPeriodMs ? { iterationPeriodMs } : {}),
      });
    } catch (err) {
      this.deps.logger.error({ err: errorMessage(err) }, 'writing the heartbeat failed');
    }
  }

  private setLeaseHeld(held: boolean): void {
    this.leaseHeld = held;
    this.deps.metrics?.leaseHeld.set(held ? 1 : 0);
  }
}
