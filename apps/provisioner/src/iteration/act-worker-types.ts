/**
 * The launch phase of an iteration: each worker type in turn, with its pending tasks and
 * capacity. A worker type whose queue failed, or that spans a region whose capacity is
 * unknown, is skipped; one that fails is reported and the others go on.
 */
import { indexSpotPrices, type OnDemandPrice } from '@spot-provisioner/bidding';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { errorMessage } from '../error-message';
import type { ProvisionerMetrics } from '../metrics';
import { launchForWorkerType } from './act-launches';
import type { TrackedLaunch, WorkerTypeCapacity } from './capacity';
import type { Gathered, RegionView } from './gather';
import type { Launcher } from './launcher';
import type { PoolAvailability } from './pool-availability';

export interface LaunchPhaseDeps {
  launcher: Launcher;
  pools: PoolAvailability;
  onDemandPrices: readonly OnDemandPrice[];
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics;
}

export interface LaunchPhaseInput {
  gathered: Pick<Gathered, 'workerTypes' | 'pendingTasks'>;
  /** Regions described this iteration: where placement may launch. */
  described: readonly RegionView[];
  failedRegions: readonly string[];
  byWorkerType: ReadonlyMap<string, WorkerTypeCapacity>;
}

export interface LaunchPhaseResult {
  submittedByWorkerType: Map<string, TrackedLaunch[]>;
  launches: number;
  failedWorkerTypes: string[];
  errors: string[];
  /** Stopped early because the daemon is shutting down. */
  abandoned: boolean;
}

export async function launchForEachWorkerType(
  deps: LaunchPhaseDeps,
  input: LaunchPhaseInput,
  signal?: AbortSignal,
): Promise<LaunchPhaseResult> {
  const { gathered, byWorkerType, failedRegions } = input;
  const log = deps.logger;
  const placement = placementView(input.described);
  const result: LaunchPhaseResult = {
    submittedByWorkerType: new Map(),
    launches: 0,
    failedWorkerTypes: [],
    errors: [],
    abandoned: false,
  };
  deps.metrics?.resetWorkerTypeGauges();
  for (const workerType of gathered.workerTypes) {
    const name = workerType.workerType;
    const capacity = byWorkerType.get(name);
    const pending = gathered.pendingTasks.get(name);
    if (!capacity || !pending) continue;
    deps.metrics?.runningCapacity.set({ worker_type: name }, capacity.runningCapacity);
    deps.metrics?.pendingCapacity.set({ worker_type: name }, capacity.pendingCapacity);
    if (signal?.aborted) {
      result.abandoned = true;
      continue;
    }
    const wtLog = log.child({ workerType: name });
    if (!pending.ok) {
      result.failedWorkerTypes.push(name);
      result.errors.push(`${name}: ${pending.error}`);
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
      const launched = await launchForWorkerType(
        { launcher: deps.launcher, pools: deps.pools, logger: log, metrics: deps.metrics, signal },
        workerType,
        {
          definition: workerType.definition,
          capacity,
          pendingTasks: pending.pendingTasks,
          managedRegions: placement.managedRegions,
          availableZones: placement.availableZones,
          spotPrices: placement.spotPrices,
          onDemandPrices: deps.onDemandPrices,
          now: deps.clock.now(),
        },
      );
      result.submittedByWorkerType.set(name, launched.submitted);
      result.launches += launched.submitted.length;
    } catch (err) {
      result.failedWorkerTypes.push(name);
      result.errors.push(`${name}: ${errorMessage(err)}`);
      deps.metrics?.launchFailures.inc({ worker_type: name, reason: 'error' });
      wtLog.error({ err: errorMessage(err) }, 'worker type failed this iteration; the others go on');
    }
  }
  if (signal?.aborted) result.abandoned = true;
  return result;
}

/** What placement needs from the described regions; prices indexed once per iteration, not per plan. */
function placementView(regions: readonly RegionView[]) {
  return {
    managedRegions: regions.map((r) => r.region),
    availableZones: Object.fromEntries(regions.map((r) => [r.region, r.zones])),
    spotPrices: indexSpotPrices(regions.flatMap((r) => r.spotPrices)),
  };
}
