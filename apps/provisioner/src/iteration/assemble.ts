/**
 * The one place an iteration is put together: from the outside world (EC2 port, queue port,
 * repositories, clock, logger, metrics) and the settings, each phase's slice, and a ready
 * iteration. The daemon (provisioner.ts) and the simulator both call it, so they cannot drift.
 * A new phase gets its slice here and its one line in runIteration (README: "adding a phase").
 */
import type { DemandPolicy, KeepWarmSettings, OnDemandPrice } from '@spot-provisioner/bidding';
import type { PoolRiskRepository, Repositories } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { KeyPairs } from '../ec2/key-pairs';
import type { Ec2Port } from '../ec2/port';
import { Ec2SpotPriceSource, type SpotPriceSource } from '../ec2/prices';
import type { ProvisionerMetrics } from '../metrics';
import { DemandMemory } from '../policy/demand-memory';
import { CountedPendingTasks, type PendingTasksSource } from '../queue/pending-tasks';
import { InterruptionIntake, type InterruptionQueuePort } from '../interruptions/intake';
import { InterruptionLedger } from '../interruptions/ledger';
import { PoolRiskBook } from '../interruptions/pool-risk-book';
import type { QueueClientPort } from '../queue/queue-client';
import { QUARANTINE_HOLD_MS, setQuarantine } from '../scale-down/act';
import { ScaleDownMemory } from '../scale-down/memory';
import type { InterruptionDeps, InterruptionPlacement, QuarantineInterruptedWorker } from './interruptions';
import { isQueueClient } from './scale-down';
import { runIteration, type IterationReport, type IterationSlices } from './iteration';
import { Launcher } from './launcher';
import { PoolAvailability } from './pool-availability';
import { decisionWriter, HistoryRecorder, marketWriter, snapshotWriter, SnapshotSweeper } from './writers';

export interface IterationParts {
  // the outside world
  ec2: Ec2Port;
  /** The queue client; scale-down needs one that lists workers (a source of pending counts alone drains nothing). */
  queue: PendingTasksSource | QueueClientPort;
  repositories: Pick<Repositories, 'workerTypes' | 'secrets' | 'workerState' | 'launches' | 'decisions' | 'capacityHistory' | 'markets'>;
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics | undefined;
  // the settings
  provisionerId: string;
  regions: readonly string[];
  maxInstanceLifeMs: number;
  provisionerBaseUrl: string;
  taskclusterRootUrl: string;
  instancePublicKey?: string | undefined;
  /** Where spot prices come from; by default EC2's price history through `ec2`, cached a few minutes. */
  prices?: SpotPriceSource;
  onDemandPrices?: readonly OnDemandPrice[];
  /** Fresh slugids (launch ids and tokens); injectable so runs can be repeated. */
  newSlugid?: () => string;
  /** Stands in for the demand policy of its name (the simulator's sweeps of settings). */
  demandVariant?: DemandPolicy;
  /** The daemon may write to the queue (quarantine): it has Taskcluster credentials. Default true. */
  queueWrites?: boolean;
  /** Stands in for the keep-warm forecast's settings (the simulator's sweeps). */
  keepWarm?: KeepWarmSettings;
  /** The interruption queue and what it feeds; absent: no interruption handling (INTERRUPTION_QUEUE_URL unset). */
  interruptions?: InterruptionParts | undefined;
}

export interface InterruptionParts {
  queue: InterruptionQueuePort;
  poolRisk: Pick<PoolRiskRepository, 'list' | 'recordInterruption' | 'addExposure'>;
  /** Default 'learned'; 'price-only' keeps the records but ranks pools by price alone (the simulator's comparison). */
  placement?: InterruptionPlacement;
  /** Quarantines a worker whose instance is going away; default: through the queue client, as scale-down does, when the daemon may write to the queue. */
  quarantineInterruptedWorker?: QuarantineInterruptedWorker;
  /** Long-poll wait of each receive (default 20 s; the simulator's queue answers at once). */
  waitSeconds?: number;
}

/** The interruption queue's reader and the learned pool rates, for whoever runs the iteration. */
export interface IterationInterruptions {
  /** Reads the queue beside the iterations: the daemon starts its loop, the simulator polls it between iterations. */
  readonly intake: InterruptionIntake;
  readonly book: PoolRiskBook;
}

/** An iteration ready to run, with what its owner (the daemon, the simulator) may need of its memory. */
export interface Iteration {
  run(signal?: AbortSignal): Promise<IterationReport>;
  /** Pools that recently refused a launch. */
  readonly pools: PoolAvailability;
  /** Forgets which records were written (another daemon may have written since): the next iteration writes them all. */
  forgetWrites(): void;
  /** Waits for the capacity history write in flight (written behind each iteration); resolves its errors. */
  flushHistory(): Promise<string[]>;
  /** Present with an interruption queue. */
  readonly interruptions?: IterationInterruptions;
}

export function assembleIteration(parts: IterationParts): Iteration {
  const { ec2, repositories: repos, clock, logger, metrics, provisionerId, regions } = parts;
  const onDemandPrices = parts.onDemandPrices ?? [];
  const pools = new PoolAvailability(clock);
  const writers = {
    snapshots: snapshotWriter(repos.workerState, clock),
    decisions: decisionWriter(repos.decisions, clock),
    markets: marketWriter(repos.markets, clock),
  };
  const history = new HistoryRecorder(repos.capacityHistory, logger);
  // what demand policies remember between iterations; a restart forgets it
  const demand = new DemandMemory();
  if (parts.demandVariant) demand.useVariant(parts.demandVariant);
  const queue = metrics ? new CountedPendingTasks(parts.queue, (workerType) => metrics.queueFailures.inc({ worker_type: workerType })) : parts.queue;

  // drains in progress, claims seen, run states learned: a restart forgets them
  const scaleDownMemory = new ScaleDownMemory();
  const heard = parts.interruptions ? interruptionSlice(parts, parts.interruptions) : undefined;

  const slices: IterationSlices = {
    clock,
    pools,
    gather: {
      provisionerId,
      regions,
      ec2,
      prices: parts.prices ?? new Ec2SpotPriceSource(ec2, clock),
      queue,
      workerTypes: repos.workerTypes,
      launches: repos.launches,
      workerState: repos.workerState,
      logger,
    },
    decide: { provisionerId, regions, maxInstanceLifeMs: parts.maxInstanceLifeMs, onDemandPrices, demand, draining: scaleDownMemory },
    act: {
      ec2,
      launches: repos.launches,
      launcher: new Launcher({
        provisionerId,
        provisionerBaseUrl: parts.provisionerBaseUrl,
        taskclusterRootUrl: parts.taskclusterRootUrl,
        ec2,
        secrets: repos.secrets,
        launches: repos.launches,
        clock,
        keyPairs: parts.instancePublicKey ? new KeyPairs(ec2, provisionerId, parts.instancePublicKey) : undefined,
        newSlugid: parts.newSlugid,
      }),
      pools,
      logger,
      metrics,
    },
    scaleDown: {
      provisionerId,
      queue: parts.queue,
      ec2,
      memory: scaleDownMemory,
      queueWrites: parts.queueWrites ?? true,
      onDemandPrices,
      ...(parts.keepWarm ? { keepWarm: parts.keepWarm } : {}),
      logger,
      metrics,
    },
    record: {
      onDemandPrices,
      ...writers,
      history,
      sweeper: new SnapshotSweeper(repos.workerState, repos.decisions, clock),
      clock,
      logger,
      metrics,
    },
    interruptions: heard?.deps,
  };

  return {
    run: async (signal) => {
      const report = await runIteration(slices, signal);
      logger.info(
        {
          workerTypes: report.workerTypes,
          launches: report.launches,
          terminations: report.terminations,
          cancellations: report.cancellations,
          errors: report.errors,
          failedRegions: report.failedRegions,
          failedWorkerTypes: report.failedWorkerTypes,
          abandoned: report.abandoned,
        },
        'iteration finished',
      );
      return report;
    },
    pools,
    forgetWrites: () => {
      for (const writer of Object.values(writers)) writer.forget();
      heard?.deps.book.forget();
    },
    flushHistory: () => history.flush(),
    ...(heard ? { interruptions: { intake: heard.intake, book: heard.deps.book } } : {}),
  };
}

function interruptionSlice(parts: IterationParts, given: InterruptionParts): { deps: InterruptionDeps; intake: InterruptionIntake } {
  const { metrics } = parts;
  const intake = new InterruptionIntake({
    queue: given.queue,
    clock: parts.clock,
    logger: parts.logger,
    ...(given.waitSeconds === undefined ? {} : { waitSeconds: given.waitSeconds }),
    ...(metrics ? { onOutcome: (outcome) => metrics.interruptionMessages.inc({ outcome }) } : {}),
  });
  const deps: InterruptionDeps = {
    provisionerId: parts.provisionerId,
    intake,
    ledger: new InterruptionLedger(),
    book: new PoolRiskBook(given.poolRisk),
    ec2: parts.ec2,
    placement: given.placement ?? 'learned',
    quarantineInterruptedWorker: given.quarantineInterruptedWorker ?? queueQuarantine(parts),
    logger: parts.logger,
    metrics,
  };
  return { deps, intake };
}

/**
 * An interrupted instance's worker quarantined through scale-down's queue client, so it claims
 * no task in its last two minutes; none when the daemon may not write to the queue. A worker the
 * queue does not know (it never claimed) needs none.
 */
function queueQuarantine(parts: IterationParts): QuarantineInterruptedWorker | undefined {
  const { queue, provisionerId, clock } = parts;
  if (!(parts.queueWrites ?? true) || !isQueueClient(queue)) return undefined;
  return async ({ workerType, region, instanceId }) => {
    await setQuarantine(queue, provisionerId, workerType, { region, instanceId }, clock.now() + QUARANTINE_HOLD_MS);
  };
}
