/**
 * Act on one worker type's plan: launch each planned instance; a pool that refuses for
 * lack of capacity is marked unavailable and the rest is re-planned at once, so the launch
 * moves to the next pool in the same iteration. Any other error ends this worker type's
 * launches for this iteration (and only this worker type's).
 */
import type { WorkerTypeRecord } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Launch } from '@spot-provisioner/bidding';
import { isCapacityError, type CapacityErrorCode } from '@spot-provisioner/ec2-gateway';
import type { ProvisionerMetrics } from '../metrics';
import type { TrackedLaunch } from './capacity';
import type { Launcher } from './launcher';
import { planWorkerType, type PlanInput, type WorkerTypePlan } from './plan';
import type { PoolAvailability, PoolKey } from './pool-availability';

/** Re-plans after capacity refusals per worker type and iteration: enough to cross zones, bounded against a region-wide shortage. */
export const MAX_PLAN_ROUNDS = 4;

export interface LaunchContext {
  launcher: Launcher;
  pools: PoolAvailability;
  logger: Logger;
  metrics: ProvisionerMetrics | undefined;
  signal: AbortSignal | undefined;
}

export interface WorkerTypeLaunches {
  submitted: TrackedLaunch[];
  /** The first plan of the iteration (for logs and tests). */
  firstPlan: WorkerTypePlan;
  capacityRefusals: number;
}

export async function launchForWorkerType(
  ctx: LaunchContext,
  workerType: WorkerTypeRecord,
  planInput: Omit<PlanInput, 'recentlyUnavailable' | 'alreadyLaunched'>,
): Promise<WorkerTypeLaunches> {
  const log = ctx.logger.child({ workerType: workerType.workerType });
  const submitted: TrackedLaunch[] = [];
  let launchedCapacity = 0;
  let capacityRefusals = 0;
  let firstPlan: WorkerTypePlan | undefined;

  for (let round = 0; round < MAX_PLAN_ROUNDS; round++) {
    const plan = planWorkerType({ ...planInput, recentlyUnavailable: ctx.pools.current(), alreadyLaunched: launchedCapacity });
    firstPlan ??= plan;
    if (round === 0) logPlan(log, plan);
    let refused = false;
    for (const launch of plan.placement.launches) {
      if (ctx.signal?.aborted) return { submitted, firstPlan, capacityRefusals };
      const pool = { region: launch.region, availabilityZone: launch.availabilityZone, instanceType: launch.instanceType };
      try {
        const { record, instance } = await ctx.launcher.launch(workerType, launch);
        submitted.push(record);
        launchedCapacity += launch.capacity;
        ctx.metrics?.launches.inc({
          worker_type: workerType.workerType,
          region: launch.region,
          zone: launch.availabilityZone,
          instance_type: launch.instanceType,
          market: launch.market,
        });
        log.info(
          { ...pool, market: launch.market, maxPrice: launch.maxPrice, instanceId: instance.instanceId, launchId: record.launchId },
          'launched instance',
        );
      } catch (err) {
        if (!isCapacityError(err)) throw err;
        refused = true;
        capacityRefusals += 1;
        for (const refusing of refusingPools(err.code, launch, planInput)) ctx.pools.markUnavailable(refusing);
        ctx.metrics?.launchFailures.inc({ worker_type: workerType.workerType, reason: err.code });
        log.warn({ ...pool, market: launch.market, code: err.code }, 'pool refused launch; marked unavailable, re-planning');
        // the rest of this plan may use the same pool: re-plan now
        break;
      }
    }
    if (!refused) break;
  }
  return { submitted, firstPlan: firstPlan as WorkerTypePlan, capacityRefusals };
}

/**
 * The pools a refusal speaks for: MaxSpotInstanceCountExceeded is the region's spot limit
 * (every spot pool there), the other capacity codes concern the one pool.
 */
function refusingPools(code: CapacityErrorCode, launch: Launch, planInput: Pick<PlanInput, 'definition' | 'availableZones'>): PoolKey[] {
  if (code !== 'MaxSpotInstanceCountExceeded') {
    return [{ region: launch.region, availabilityZone: launch.availabilityZone, instanceType: launch.instanceType, market: launch.market }];
  }
  const zones = new Set([...(planInput.availableZones[launch.region] ?? []), launch.availabilityZone]);
  return [...zones].flatMap((availabilityZone) =>
    planInput.definition.instanceTypes.map(({ instanceType }) => ({
      region: launch.region,
      availabilityZone,
      instanceType,
      market: 'spot' as const,
    })),
  );
}

function logPlan(log: Logger, plan: WorkerTypePlan): void {
  const { change, placement } = plan;
  if (change.change === 0 && placement.launches.length === 0) return;
  log.info(
    {
      change: change.change,
      bounded: change.bounded,
      launches: placement.launches.length,
      placedCapacity: placement.placedCapacity,
      unmet: placement.unmet,
      market: placement.market,
    },
    'planned capacity change',
  );
  if (placement.unmet > 0) {
    for (const rejection of placement.rejections) log.debug({ filter: rejection.filter }, rejection.reason);
  }
}
