/**
 * One reconcile iteration: gather (once per region) → decide (pure) → act. A failing region
 * or worker type is logged and skipped; the rest of the iteration goes on.
 */
import type { OnDemandPrice } from '@spot-provisioner/bidding';
import type { LaunchRepository, SecretRepository, WorkerTypeRepository } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Ec2Port } from '../ec2/port';
import type { SpotPriceSource } from '../ec2/prices';
import type { ProvisionerMetrics } from '../metrics';
import type { PendingTasksSource } from '../queue/pending-tasks';
import { executeCleanup } from './act-cleanup';
import { launchForEachWorkerType } from './act-worker-types';
import { summarizeCapacity } from './capacity';
import { decideCleanup, type CleanupDecision } from './cleanup';
import { gather } from './gather';
import type { Launcher } from './launcher';
import type { PoolAvailability } from './pool-availability';
import type { SnapshotSweeper } from './snapshot-sweep';
import type { SnapshotWriter } from './snapshot-writer';
import { writeSnapshots } from './write-snapshots';

export interface IterationDeps {
  provisionerId: string;
  regions: readonly string[];
  maxInstanceLifeMs: number;
  ec2: Ec2Port;
  prices: SpotPriceSource;
  onDemandPrices: readonly OnDemandPrice[];
  queue: PendingTasksSource;
  workerTypes: Pick<WorkerTypeRepository, 'list'>;
  snapshots: SnapshotWriter;
  sweeper?: SnapshotSweeper;
  launches: Pick<LaunchRepository, 'listAll' | 'remove'>;
  secrets: Pick<SecretRepository, 'create' | 'remove'>;
  launcher: Launcher;
  pools: PoolAvailability;
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics;
}

export interface IterationReport {
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  workerTypes: number;
  launches: number;
  terminations: number;
  cancellations: number;
  errors: number;
  failedRegions: string[];
  failedWorkerTypes: string[];
  /** Stopped early because the daemon is shutting down. */
  abandoned: boolean;
}

export async function runIteration(deps: IterationDeps, signal?: AbortSignal): Promise<IterationReport> {
  const startedAt = new Date(deps.clock.now());
  const log = deps.logger;
  const errors: string[] = [];

  const gathered = await gather(
    {
      provisionerId: deps.provisionerId,
      regions: deps.regions,
      ec2: deps.ec2,
      prices: deps.prices,
      queue: deps.queue,
      listWorkerTypes: () => deps.workerTypes.list(),
      listLaunches: (now) => deps.launches.listAll(now),
    },
    startedAt,
  );
  const described = gathered.regions.filter((r) => r.described);
  const failedRegions = gathered.regions.filter((r) => !r.described).map((r) => r.region);
  for (const region of gathered.regions) {
    if (region.errors.length > 0) {
      errors.push(...region.errors.map((e) => `${region.region}: ${e}`));
      log.error({ region: region.region, errors: region.errors }, 'region gathered with errors');
    }
  }

  // Decide: cleanup first, so leaving capacity is not counted.
  const workerTypeNames = new Set(gathered.workerTypes.map((w) => w.workerType));
  const cleanup: CleanupDecision = { terminate: [], cancel: [] };
  for (const region of described) {
    const decision = decideCleanup({
      provisionerId: deps.provisionerId,
      workerTypes: workerTypeNames,
      instances: region.instances,
      spotRequests: region.spotRequests,
      now: startedAt.getTime(),
      maxInstanceLifeMs: deps.maxInstanceLifeMs,
    });
    cleanup.terminate.push(...decision.terminate);
    cleanup.cancel.push(...decision.cancel);
  }
  for (const c of cleanup.cancel) {
    if (c.unavailablePool) deps.pools.markUnavailable({ region: c.region, ...c.unavailablePool, market: 'spot' });
  }
  const leaving = new Set([...cleanup.terminate.map((t) => t.instanceId), ...cleanup.cancel.map((c) => c.requestId)]);
  const { byWorkerType, visibleLaunches } = summarizeCapacity({
    provisionerId: deps.provisionerId,
    workerTypes: gathered.workerTypes.map((w) => ({ workerType: w.workerType, instanceTypes: w.definition.instanceTypes })),
    instances: described.flatMap((r) => r.instances),
    spotRequests: described.flatMap((r) => r.spotRequests),
    launches: gathered.launches,
    describedRegions: new Set(described.map((r) => r.region)),
    leaving,
  });

  // Act: cleanup, then launches per worker type, then what the API reads.
  const cleaned = await executeCleanup(deps.ec2, cleanup, log, deps.metrics);
  errors.push(...cleaned.errors);
  await Promise.allSettled(visibleLaunches.map((l) => deps.launches.remove(l.workerType, l.launchId)));

  const launched = await launchForEachWorkerType(deps, { gathered, described, failedRegions, byWorkerType }, signal);
  errors.push(...launched.errors);
  const { launches, failedWorkerTypes, abandoned } = launched;

  errors.push(
    ...(await writeSnapshots(deps, {
      workerTypes: gathered.workerTypes,
      byWorkerType,
      submittedByWorkerType: launched.submittedByWorkerType,
      failedRegions,
      draining: new Set([...cleanup.terminate, ...cleanup.cancel].map((r) => r.workerType)),
    })),
  );

  const finishedAt = new Date(deps.clock.now());
  const report: IterationReport = {
    startedAt,
    finishedAt,
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    workerTypes: gathered.workerTypes.length,
    launches,
    terminations: cleaned.terminated,
    cancellations: cleaned.cancelled,
    errors: errors.length,
    failedRegions,
    failedWorkerTypes,
    abandoned,
  };
  log.info(
    {
      workerTypes: report.workerTypes,
      launches,
      terminations: report.terminations,
      cancellations: report.cancellations,
      errors: report.errors,
      failedRegions,
      failedWorkerTypes,
      abandoned,
    },
    'iteration finished',
  );
  return report;
}
