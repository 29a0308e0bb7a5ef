/**
 * The daemon: the assembled iteration (iteration/assemble.ts) under the lease, from parts that
 * are already built (clients, repositories, clock, logger). main.ts builds the parts from the
 * environment; tests and the benchmark build them from the local engines.
 */
import type { Repositories } from '@spot-provisioner/model';
import { Daemon } from './daemon/daemon';
import { assembleIteration, type IterationInterruptions, type IterationParts } from './iteration/assemble';
import type { IterationReport } from './iteration/iteration';
import type { PoolAvailability } from './iteration/pool-availability';

export interface ProvisionerParts extends IterationParts {
  repositories: IterationParts['repositories'] & Pick<Repositories, 'provisioner'>;
  /** Identifies this daemon in the lease; defaults to the provisioner id, host and pid. */
  holderId?: string;
  /** The iteration schedule's period, for the heartbeat. */
  iterationPeriodMs?: number;
  /** After this long an iteration is abandoned and the lease given up (default: the daemon's). */
  iterationDeadlineMs?: number;
}

export interface Provisioner {
  /** One iteration, without the lease (the daemon calls it under the lease). */
  iterate(signal?: AbortSignal): Promise<IterationReport>;
  readonly daemon: Daemon;
  readonly pools: PoolAvailability;
  readonly holderId: string;
  /** Waits for the capacity history write in flight (written behind each iteration); resolves its errors. */
  flushHistory(): Promise<string[]>;
  /** The interruption queue's reader (start its loop with `startInterruptionIntake`) and the learned pool rates; absent without a queue. */
  readonly interruptions?: IterationInterruptions;
  /** Starts reading the interruption queue beside the iterations, while this daemon holds the lease. */
  startInterruptionIntake(): void;
  /** Stops reading it and deletes what was handled. */
  stopInterruptionIntake(): Promise<void>;
  /** Why the daemon is degraded (working, with something missing), or null. */
  degradation(): { cause: string; detail: string } | null;
}

export function createProvisioner(parts: ProvisionerParts): Provisioner {
  const iteration = assembleIteration(parts);
  const holderId = parts.holderId ?? `${parts.provisionerId}@${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const daemon = new Daemon({
    holderId,
    provisioner: parts.repositories.provisioner,
    iterate: iteration.run,
    clock: parts.clock,
    logger: parts.logger,
    metrics: parts.metrics,
    // another daemon may have written since: compare with nothing remembered
    onLeaseAcquired: iteration.forgetWrites,
    regions: parts.regions,
    ...(parts.iterationDeadlineMs ? { iterationDeadlineMs: parts.iterationDeadlineMs } : {}),
    ...(parts.iterationPeriodMs ? { iterationPeriodMs: parts.iterationPeriodMs } : {}),
  });
  const intake = iteration.interruptions?.intake;
  return {
    iterate: iteration.run,
    daemon,
    pools: iteration.pools,
    holderId,
    flushHistory: iteration.flushHistory,
    ...(iteration.interruptions ? { interruptions: iteration.interruptions } : {}),
    startInterruptionIntake: () => intake?.start(() => daemon.status().leaseHeld),
    stopInterruptionIntake: async () => intake?.stop(),
    degradation: () => {
      const status = intake?.status();
      return status && !status.readable ? { cause: 'interruption-queue-unreadable', detail: status.detail ?? 'the interruption queue cannot be read' } : null;
    },
  };
}
