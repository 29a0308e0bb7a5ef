/**
 * One reconcile iteration: gather (once per region) → decide (pure) → act. A failing region
 * or worker type is logged and skipped; the rest of the iteration goes on.
 */
import type { OnDemandPrice, SpotPoolPrice } from '@spot-provisioner/bidding';
import type { LaunchRepository, SecretRepository, WorkerTypeRepository } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { errorMessage } from '../ec2/errors';
import type { Ec2Port } from '../ec2/port';
import type { SpotPriceSource } from '../ec2/prices';
import type { ProvisionerMetrics } from '../metrics';
import type { PendingTasksSource } from '../queue/pending-tasks';
import { executeCleanup } from './act-cleanup';
import { launchForWorkerType } from './act-launches';
import { summarizeCapacity, type TrackedLaunch } from './capacity';
import { decideCleanup, type CleanupDecision } from './cleanup';
import { mapLimited } from './concurrency';
import { gather, type RegionView } from './gather';
import type { Launcher } from './launcher';
import type { PoolAvailability } from './pool-availability';
import { buildSnapshot } from './snapshot';
import type { SnapshotSweeper } from './snapshot-sweep';
import type { SnapshotWriter } from './snapshot-writer';

/** DynamoDB writes in flight at once when storing snapshots: fast for hundreds, far below table limits. */
export const SNAPSHOT_WRITE_CONCURRENCY = 16;

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
  const failedWorkerTypes: string[] = [];

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

  // Act: cleanup, then launches per worker type.
  const cleaned = await executeCleanup(deps.ec2, cleanup, log, deps.metrics);
  errors.push(...cleaned.errors);
  await Promise.allSettled(visibleLaunches.map((l) => deps.launches.remove(l.workerType, l.launchId)));

  const placement = placementView(described);
  const submittedByWorkerType = new Map<string, TrackedLaunch[]>();
  let launches = 0;
  let abandoned = false;
  deps.metrics?.resetWorkerTypeGauges();
  for (const workerType of gathered.workerTypes) {
    const name = workerType.workerType;
    const capacity = byWorkerType.get(name);
    const pending = gathered.pendingTasks.get(name);
    if (!capacity || !pending) continue;
    deps.metrics?.runningCapacity.set({ worker_type: name }, capacity.runningCapacity);
    deps.metrics?.pendingCapacity.set({ worker_type: name }, capacity.pendingCapacity);
    if (signal?.aborted) {
      abandoned = true;
      continue;
    }
    const wtLog = log.child({ workerType: name });
    if (!pending.ok) {
      failedWorkerTypes.push(name);
      errors.push(`${name}: ${pending.error}`);
      wtLog.error({ err: pending.error }, 'queue did not answer; worker type skipped this iteration');
      continue;
    }
    deps.metrics?.pendingTasks.set({ worker_type: name }, pending.pendingTasks);
    const unknownRegions = workerType.definition.regions.map((r) => r.region).filter((r) => failedRegions.includes(r));
    if (unknownRegions.length > 0) {
      wtLog.warn({ regions: unknownRegions }, 'capacity unknown in a failed region; not launching this iteration');
      continue;
    }
    try {
      const result = await launchForWorkerType(
        { launcher: deps.launcher, pools: deps.pools, logger: log, metrics: deps.metrics, signal },
        workerType,
        {
          definition: workerType.definition,
          capacity,
          pendingTasks: pending.pendingTasks,
          managedRegions: placement.managedRegions,
          availableZones: placement.availableZones,
          spotPrices: workerType.definition.instanceTypes.flatMap((t) => placement.spotPricesByType.get(t.instanceType) ?? []),
          onDemandPrices: deps.onDemandPrices,
          now: deps.clock.now(),
        },
      );
      submittedByWorkerType.set(name, result.submitted);
      launches += result.submitted.length;
    } catch (err) {
      failedWorkerTypes.push(name);
      errors.push(`${name}: ${errorMessage(err)}`);
      deps.metrics?.launchFailures.inc({ worker_type: name, reason: 'error' });
      wtLog.error({ err: errorMessage(err) }, 'worker type failed this iteration; the others go on');
    }
  }
  if (signal?.aborted) abandoned = true;

  // Snapshots for every worker type whose capacity is fully known.
  const snapshotAt = new Date(deps.clock.now());
  const writable = gathered.workerTypes.filter(
    (w) => byWorkerType.has(w.workerType) && !w.definition.regions.some((r) => failedRegions.includes(r.region)),
  );
  await mapLimited(writable, SNAPSHOT_WRITE_CONCURRENCY, async (w) => {
    const snapshot = buildSnapshot(
      w.workerType,
      w.definition,
      byWorkerType.get(w.workerType)!,
      submittedByWorkerType.get(w.workerType) ?? [],
      snapshotAt,
    );
    try {
      await deps.snapshots.write(snapshot);
    } catch (err) {
      errors.push(`${w.workerType}: writing state snapshot: ${errorMessage(err)}`);
      log.error({ workerType: w.workerType, err: errorMessage(err) }, 'writing state snapshot failed');
    }
  });

  if (deps.sweeper && failedRegions.length === 0) {
    const draining = new Set([...cleanup.terminate, ...cleanup.cancel].map((r) => r.workerType));
    try {
      const swept = await deps.sweeper.sweep(workerTypeNames, draining);
      for (const name of swept) deps.snapshots.forget(name);
      if (swept.length > 0) log.info({ workerTypes: swept }, 'deleted state snapshots of removed worker types');
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'sweeping stale state snapshots failed; will retry');
    }
  }

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

/** What placement needs from the described regions; prices indexed by instance type once, not per worker type. */
function placementView(regions: readonly RegionView[]) {
  const spotPricesByType = new Map<string, SpotPoolPrice[]>();
  for (const price of regions.flatMap((r) => r.spotPrices)) {
    const list = spotPricesByType.get(price.instanceType);
    if (list) list.push(price);
    else spotPricesByType.set(price.instanceType, [price]);
  }
  return {
    managedRegions: regions.map((r) => r.region),
    availableZones: Object.fromEntries(regions.map((r) => [r.region, r.zones])),
    spotPricesByType,
  };
}
