/**
 * The daemon shell around the iteration: holds the lease while it acts (a second daemon
 * stays on standby until the lease expires or is given up), never overlaps iterations,
 * abandons an iteration at its deadline, gives the lease up when an iteration makes no
 * progress (deadline passed, or no region reached) so a healthy standby takes over, records
 * the heartbeat, and shuts down cleanly. Scheduling is the entry point's business: it calls tick().
 */
import { DEFAULT_ITERATION_DEADLINE_MS } from '@spot-provisioner/config';
import { isLeaseNotHeld, LEASE_DURATION_MS, silentHolder, type Heartbeat, type Lease, type ProvisionerRepository } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { errorMessage } from '../error-message';
import type { IterationReport } from '../iteration/iteration';
import type { ProvisionerMetrics } from '../metrics';
import { withinDeadline } from './deadline';
import { evaluateHealth, type Failure, type FailureCause, type Health } from './health';

/**
 * The holder renews its lease this often, iterating or not: the lease is its heartbeat. A
 * standby polls the lease as often, so it takes over within a lease period and one poll of the
 * holder's last renewal. A third of LEASE_DURATION_MS: two failed renewals do not lose the lease.
 */
export const LEASE_RENEW_INTERVAL_MS = 10_000;
/** How long shutdown waits for the running iteration: inside a container runtime's usual 30 s grace period. */
export const SHUTDOWN_GRACE_MS = 25_000;
/**
 * After giving the lease up for lack of progress, stand by this long before taking it again:
 * two default periods, so every standby ticks at least once and can take it first.
 */
export const YIELD_COOLDOWN_MS = 60_000;

/** 'abandoned': passed its deadline; 'stuck': an abandoned iteration still runs, so nothing new starts. */
export type TickOutcome = 'iterated' | 'failed' | 'standby' | 'skipped' | 'stopped' | 'abandoned' | 'stuck';
/** What one poll of the lease did: a holder renews ('renewed'); a standby tries to take it over (a tick). */
export type PollOutcome = TickOutcome | 'renewed';

export interface DaemonDeps {
  holderId: string;
  provisioner: Pick<ProvisionerRepository, 'acquireLease' | 'renewLease' | 'releaseLease' | 'recordHeartbeat' | 'getLease'>;
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
  /** The regions an iteration describes: when every one fails, the iteration reached none. */
  regions?: readonly string[];
  /** Wall-clock time after which an iteration is abandoned (default DEFAULT_ITERATION_DEADLINE_MS). */
  iterationDeadlineMs?: number;
  yieldCooldownMs?: number;
}

export interface DaemonStatus {
  leaseHeld: boolean;
  iterating: boolean;
  stopping: boolean;
  lastOutcome: TickOutcome | undefined;
  lastReport: IterationReport | undefined;
  lastError: string | undefined;
  health: Health;
}

export class Daemon {
  private running: Promise<TickOutcome> | undefined;
  private abort: AbortController | undefined;
  private stopping = false;
  private leaseHeld = false;
  private lastOutcome: TickOutcome | undefined;
  private lastReport: IterationReport | undefined;
  private lastError: string | undefined;
  private lastFailure: Failure | undefined;
  /** Wall-clock start of the running iteration. */
  private iterationStartedAt: number | undefined;
  /** An iteration abandoned at its deadline that has not ended yet. */
  private abandoned: Promise<void> | undefined;
  /** Until when (injected clock) this daemon stands by after giving the lease up. */
  private yieldedUntil: number | undefined;
  /** The lease as this daemon last saw it held by another (its holder and last renewal). */
  private otherHolder: Lease | null = null;
  private watch: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private readonly deadlineMs: number;

  constructor(private readonly deps: DaemonDeps) {
    this.leaseMs = deps.leaseDurationMs ?? LEASE_DURATION_MS;
    this.deadlineMs = deps.iterationDeadlineMs ?? DEFAULT_ITERATION_DEADLINE_MS;
  }

  status(): DaemonStatus {
    return {
      leaseHeld: this.leaseHeld,
      iterating: this.running !== undefined,
      stopping: this.stopping,
      lastOutcome: this.lastOutcome,
      lastReport: this.lastReport,
      lastError: this.lastError,
      health: evaluateHealth({
        stopping: this.stopping,
        iterationStartedAt: this.iterationStartedAt,
        abandonedStillRunning: this.abandoned !== undefined,
        deadlineMs: this.deadlineMs,
        now: Date.now(),
        lastFailure: this.lastFailure,
        noActiveDaemon: this.leaseHeld ? undefined : silentHolder(this.otherHolder, new Date(this.deps.clock.now()), this.leaseMs),
      }),
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

  /**
   * Polls the lease every `intervalMs` (real time) until shutdown: renews it while held, and
   * as a standby takes it over (iterating at once) as soon as it lapses. Returns a stop function.
   */
  watchLease(intervalMs = this.deps.leaseRenewIntervalMs ?? LEASE_RENEW_INTERVAL_MS): () => void {
    clearInterval(this.watch);
    const watch = setInterval(() => void this.pollLease(), intervalMs);
    watch.unref();
    this.watch = watch;
    return () => clearInterval(watch);
  }

  /** One poll of the lease: the holder renews it (an iteration renews its own); a standby ticks, taking it if it lapsed. */
  async pollLease(): Promise<PollOutcome> {
    if (this.stopping) return 'stopped';
    if (this.running) return 'skipped';
    if (this.leaseHeld) return this.renewBetweenIterations();
    if (this.yieldedUntil !== undefined && this.deps.clock.now() < this.yieldedUntil) {
      await this.observeLease();
      return 'standby';
    }
    return this.tick();
  }

  /** Finishes (or, after the grace period, abandons) the running iteration, then releases the lease. */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    this.stopping = true;
    clearInterval(this.watch);
    const running = this.running;
    if (running) {
      this.deps.logger.info('shutting down: asking the running iteration to stop launching');
      this.abort?.abort();
      const result = await withinDeadline(running, graceMs);
      if (!result.done) this.deps.logger.warn({ graceMs }, 'iteration did not finish in time; abandoning it');
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
    if (this.abandoned) {
      deps.logger.warn('the iteration abandoned at its deadline still runs; not starting another');
      return 'stuck';
    }
    if (this.yieldedUntil !== undefined && deps.clock.now() < this.yieldedUntil) return 'standby';
    this.yieldedUntil = undefined;
    const abort = new AbortController();
    this.abort = abort;
    let acquired: Awaited<ReturnType<DaemonDeps['provisioner']['acquireLease']>>;
    try {
      acquired = await deps.provisioner.acquireLease(deps.holderId, new Date(deps.clock.now()), this.leaseMs);
    } catch (err) {
      deps.metrics?.leaseReadFailures.inc();
      this.fail('lease-unreadable', `the lease could not be read: ${errorMessage(err)}`);
      deps.logger.error({ err: this.lastError }, 'could not read the lease; not iterating');
      this.setLeaseHeld(false);
      return 'failed';
    }
    if (!acquired.acquired) {
      if (this.leaseHeld) deps.logger.warn('lease lost to another daemon; standing by');
      this.setLeaseHeld(false);
      this.otherHolder = acquired.holder;
      this.clearFailure();
      deps.logger.debug({ holder: acquired.holder?.holderId, until: acquired.holder?.expiresAt }, 'standby: lease held elsewhere');
      return 'standby';
    }
    this.otherHolder = null;
    if (!this.leaseHeld) {
      deps.logger.info({ holderId: deps.holderId }, 'lease acquired; acting');
      deps.onLeaseAcquired?.();
    }
    this.setLeaseHeld(true);
    if (abort.signal.aborted) return 'stopped'; // shutdown began while the lease was being taken
    const started = deps.clock.now();
    this.iterationStartedAt = Date.now();
    // renewed only until the deadline (the finally below stops it): a stuck daemon must lose the lease
    const renewer = setInterval(() => void this.renew(abort), deps.leaseRenewIntervalMs ?? LEASE_RENEW_INTERVAL_MS);
    renewer.unref();
    try {
      const iteration = deps.iterate(abort.signal);
      const result = await withinDeadline(iteration, this.deadlineMs);
      if (!result.done) return await this.abandon(iteration, abort, started);
      return await this.finished(result.value);
    } catch (err) {
      this.fail('iteration-failed', `the iteration failed: ${errorMessage(err)}`);
      const finished = deps.clock.now();
      deps.metrics?.iterationDuration.observe({ outcome: 'failed' }, (finished - started) / 1000);
      deps.logger.error({ err: this.lastError }, 'iteration failed');
      await this.heartbeat(this.failedBeat(started, finished));
      return 'failed';
    } finally {
      clearInterval(renewer);
      this.iterationStartedAt = undefined;
    }
  }

  private async finished(report: IterationReport): Promise<TickOutcome> {
    const { deps } = this;
    this.lastReport = report;
    for (const region of report.failedRegions) deps.metrics?.regionFailures.inc({ region });
    const regions = deps.regions?.length ?? 0;
    const reachedNone = regions > 0 && report.failedRegions.length >= regions;
    deps.metrics?.iterationDuration.observe({ outcome: reachedNone ? 'no-region' : 'ok' }, report.durationMs / 1000);
    await this.heartbeat({
      startedAt: report.startedAt.toISOString(),
      finishedAt: report.finishedAt.toISOString(),
      durationMs: report.durationMs,
      launches: report.launches,
      errors: report.errors,
      terminations: report.terminations,
      ok: report.errors === 0 && !reachedNone,
      ...(deps.regions ? { regions, failedRegions: report.failedRegions } : {}),
      ...(reachedNone ? { failure: 'no-region-reached' } : {}),
    });
    if (!reachedNone) {
      this.clearFailure();
      return 'iterated';
    }
    this.fail('no-region-reached', `the last iteration reached no region (${report.failedRegions.join(', ')} failed)`);
    deps.logger.error({ failedRegions: report.failedRegions }, 'the iteration reached no region; giving the lease up');
    await this.yieldLease();
    return 'failed';
  }

  /** The iteration passed its deadline: stop it launching, report it, and let a standby take over. */
  private async abandon(iteration: Promise<IterationReport>, abort: AbortController, started: number): Promise<TickOutcome> {
    const { deps } = this;
    abort.abort();
    this.abandoned = iteration.then(
      () => undefined,
      () => undefined,
    );
    void this.abandoned.finally(() => {
      this.abandoned = undefined;
      deps.logger.info('the abandoned iteration has ended');
    });
    this.fail('deadline-exceeded', `the iteration passed its ${this.deadlineMs} ms deadline and was abandoned`);
    const finished = deps.clock.now();
    deps.metrics?.iterationDuration.observe({ outcome: 'abandoned' }, this.deadlineMs / 1000);
    deps.logger.error({ deadlineMs: this.deadlineMs }, 'iteration passed its deadline; abandoned, giving the lease up');
    await this.heartbeat({ ...this.failedBeat(started, finished), failure: 'deadline-exceeded' });
    await this.yieldLease();
    return 'abandoned';
  }

  /** Gives the lease up and stands by for a while, so a healthy standby can take it. */
  private async yieldLease(): Promise<void> {
    try {
      await this.deps.provisioner.releaseLease(this.deps.holderId);
    } catch (err) {
      this.deps.logger.error({ err: errorMessage(err) }, 'giving the lease up failed; it will expire');
    }
    this.setLeaseHeld(false);
    this.yieldedUntil = this.deps.clock.now() + (this.deps.yieldCooldownMs ?? YIELD_COOLDOWN_MS);
  }

  private failedBeat(started: number, finished: number): Omit<Heartbeat, 'holderId' | 'iterationPeriodMs'> {
    return {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: Math.max(0, finished - started),
      launches: 0,
      errors: 1,
      terminations: 0,
      ok: false,
    };
  }

  private fail(cause: FailureCause, detail: string): void {
    this.lastFailure = { cause, detail };
    this.lastError = detail;
  }

  private clearFailure(): void {
    this.lastFailure = undefined;
    this.lastError = undefined;
  }

  private async renewBetweenIterations(): Promise<PollOutcome> {
    try {
      await this.deps.provisioner.renewLease(this.deps.holderId, new Date(this.deps.clock.now()), this.leaseMs);
      return 'renewed';
    } catch (err) {
      if (!isLeaseNotHeld(err)) {
        this.deps.logger.warn({ err: errorMessage(err) }, 'lease renewal failed; will retry');
        return 'failed';
      }
      this.deps.logger.error('lease lost (another daemon holds it, or it lapsed); standing by');
      this.setLeaseHeld(false);
      await this.observeLease();
      return 'standby';
    }
  }

  /** Reads who holds the lease now, for health; a failed read changes nothing. */
  private async observeLease(): Promise<void> {
    try {
      const lease = await this.deps.provisioner.getLease();
      this.otherHolder = lease && lease.holderId !== this.deps.holderId ? lease : null;
    } catch (err) {
      this.deps.logger.warn({ err: errorMessage(err) }, 'could not read the lease');
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

  private async heartbeat(beat: Omit<Heartbeat, 'holderId' | 'iterationPeriodMs'>): Promise<void> {
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
