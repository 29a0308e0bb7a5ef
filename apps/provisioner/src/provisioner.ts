/**
 * Wires the iteration and the daemon from parts that are already built (clients,
 * repositories, clock, logger). main.ts builds the parts from the environment; tests and
 * the benchmark build them from the local engines.
 */
import type { OnDemandPrice } from '@spot-provisioner/bidding';
import type { Repositories } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import { Daemon } from './daemon/daemon';
import { KeyPairs } from './ec2/key-pairs';
import type { Ec2Port } from './ec2/port';
import type { SpotPriceSource } from './ec2/prices';
import { DecisionWriter, MarketWriter } from './iteration/decision-writers';
import { HistoryRecorder } from './iteration/history-recorder';
import { runIteration, type IterationReport } from './iteration/iteration';
import { Launcher } from './iteration/launcher';
import { PoolAvailability } from './iteration/pool-availability';
import { SnapshotSweeper } from './iteration/snapshot-sweep';
import { SnapshotWriter } from './iteration/snapshot-writer';
import type { ProvisionerMetrics } from './metrics';
import { CountedPendingTasks, type PendingTasksSource } from './queue/pending-tasks';

export interface ProvisionerParts {
  provisionerId: string;
  regions: readonly string[];
  maxInstanceLifeMs: number;
  provisionerBaseUrl: string;
  taskclusterRootUrl: string;
  instancePublicKey?: string | undefined;
  ec2: Ec2Port;
  prices: SpotPriceSource;
  onDemandPrices?: readonly OnDemandPrice[];
  queue: PendingTasksSource;
  repositories: Pick<
    Repositories,
    'workerTypes' | 'secrets' | 'workerState' | 'launches' | 'provisioner' | 'decisions' | 'capacityHistory' | 'markets'
  >;
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics;
  /** Identifies this daemon in the lease; defaults to the provisioner id, host and pid. */
  holderId?: string;
  /** The iteration schedule's period, for the heartbeat. */
  iterationPeriodMs?: number;
  /** After this long an iteration is abandoned and the lease given up (default: the daemon's). */
  iterationDeadlineMs?: number;
  newSlugid?: () => string;
}

export interface Provisioner {
  /** One iteration, without the lease (the daemon calls it under the lease). */
  iterate(signal?: AbortSignal): Promise<IterationReport>;
  readonly daemon: Daemon;
  readonly pools: PoolAvailability;
  readonly holderId: string;
  /** Waits for the capacity history write in flight (written behind each iteration); resolves its errors. */
  flushHistory(): Promise<string[]>;
}

export function createProvisioner(parts: ProvisionerParts): Provisioner {
  const { repositories: repos } = parts;
  const keyPairs = parts.instancePublicKey ? new KeyPairs(parts.ec2, parts.provisionerId, parts.instancePublicKey) : undefined;
  const pools = new PoolAvailability(parts.clock);
  const sweeper = new SnapshotSweeper(repos.workerState, parts.clock, undefined, repos.decisions);
  const snapshots = new SnapshotWriter(repos.workerState, parts.clock);
  const decisions = new DecisionWriter(repos.decisions, parts.clock);
  const markets = new MarketWriter(repos.markets, parts.clock);
  const history = new HistoryRecorder(repos.capacityHistory, parts.logger);
  const launcher = new Launcher({
    provisionerId: parts.provisionerId,
    provisionerBaseUrl: parts.provisionerBaseUrl,
    taskclusterRootUrl: parts.taskclusterRootUrl,
    ec2: parts.ec2,
    secrets: repos.secrets,
    launches: repos.launches,
    clock: parts.clock,
    keyPairs,
    newSlugid: parts.newSlugid,
  });
  const { metrics } = parts;
  const queue = metrics ? new CountedPendingTasks(parts.queue, (workerType) => metrics.queueFailures.inc({ worker_type: workerType })) : parts.queue;
  const iterate = (signal?: AbortSignal) =>
    runIteration(
      {
        provisionerId: parts.provisionerId,
        regions: parts.regions,
        maxInstanceLifeMs: parts.maxInstanceLifeMs,
        ec2: parts.ec2,
        prices: parts.prices,
        onDemandPrices: parts.onDemandPrices ?? [],
        queue,
        workerTypes: repos.workerTypes,
        workerState: repos.workerState,
        snapshots,
        sweeper,
        decisions,
        history,
        markets,
        launches: repos.launches,
        launcher,
        pools,
        clock: parts.clock,
        logger: parts.logger,
        metrics: parts.metrics,
      },
      signal,
    );
  const holderId = parts.holderId ?? `${parts.provisionerId}@${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const daemon = new Daemon({
    holderId,
    provisioner: repos.provisioner,
    iterate,
    clock: parts.clock,
    logger: parts.logger,
    metrics: parts.metrics,
    // another daemon may have written since: compare with nothing remembered
    onLeaseAcquired: () => {
      snapshots.forget();
      decisions.forget();
      markets.forget();
    },
    regions: parts.regions,
    ...(parts.iterationDeadlineMs ? { iterationDeadlineMs: parts.iterationDeadlineMs } : {}),
    ...(parts.iterationPeriodMs ? { iterationPeriodMs: parts.iterationPeriodMs } : {}),
  });
  return { iterate, daemon, pools, holderId, flushHistory: () => history.flush() };
}
