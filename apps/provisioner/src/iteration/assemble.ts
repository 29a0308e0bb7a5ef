/**
 * The one place an iteration is put together: from the outside world (EC2 port, queue port,
 * repositories, clock, logger, metrics) and the settings, each phase's slice, and a ready
 * iteration. The daemon (provisioner.ts) and the simulator both call it, so they cannot drift.
 * A new phase gets its slice here and its one line in runIteration (README: "adding a phase").
 */
import type { DemandPolicy, KeepWarmSettings, OnDemandPrice } from '@spot-provisioner/bidding';
import type { Repositories } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { KeyPairs } from '../ec2/key-pairs';
import type { Ec2Port } from '../ec2/port';
import { Ec2SpotPriceSource, type SpotPriceSource } from '../ec2/prices';
import type { ProvisionerMetrics } from '../metrics';
import { DemandMemory } from '../policy/demand-memory';
import { CountedPendingTasks, type PendingTasksSource } from '../queue/pending-tasks';
import type { QueueClientPort } from '../queue/queue-client';
import { ScaleDownMemory } from '../scale-down/memory';
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
    },
    flushHistory: () => history.flush(),
  };
}
