/**
 * Act on one planning round of one worker type: launch each planned instance, and stop at
 * the first pool that refuses for lack of capacity (the orchestrator marks the refusing pools
 * and plans the next round) or at any other error (which ends this worker type's launches for
 * this iteration, and only this worker type's). Decides nothing.
 */
import type { Launch } from '@spot-provisioner/bidding';
import { isCapacityError, type CapacityErrorCode } from '@spot-provisioner/ec2-gateway';
import type { LaunchOutcome, WorkerTypeRecord } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import { errorMessage } from '../error-message';
import type { ProvisionerMetrics } from '../metrics';
import type { TrackedLaunch } from './capacity';
import type { Launcher } from './launcher';
import type { PoolKey } from './pool-availability';

export interface LaunchContext {
  launcher: Launcher;
  logger: Logger;
  metrics: ProvisionerMetrics | undefined;
  signal: AbortSignal | undefined;
}

export interface RoundResult {
  submitted: TrackedLaunch[];
  submittedCapacity: number;
  outcomes: LaunchOutcome[];
  /** Set when a pool refused for capacity: the pools the refusal speaks for. */
  refusedPools: PoolKey[] | null;
  /** Set when a launch failed otherwise. */
  error: string | null;
  abandoned: boolean;
}

export async function executeRound(
  ctx: LaunchContext,
  workerType: WorkerTypeRecord,
  launches: readonly Launch[],
  round: number,
  availableZones: Readonly<Record<string, readonly string[]>>,
): Promise<RoundResult> {
  const log = ctx.logger.child({ workerType: workerType.workerType });
  const result: RoundResult = { submitted: [], submittedCapacity: 0, outcomes: [], refusedPools: null, error: null, abandoned: false };
  for (const launch of launches) {
    const pool = { market: launch.market, region: launch.region, availabilityZone: launch.availabilityZone, instanceType: launch.instanceType };
    if (ctx.signal?.aborted) {
      result.abandoned = true;
      result.outcomes.push({ ...pool, round, outcome: 'skipped', message: 'the daemon is shutting down' });
      continue;
    }
    try {
      const { record, instance } = await ctx.launcher.launch(workerType, launch);
      result.submitted.push(record);
      result.submittedCapacity += launch.capacity;
      result.outcomes.push({ ...pool, round, outcome: 'submitted', instanceId: instance.instanceId });
      ctx.metrics?.launches.inc({
        worker_type: workerType.workerType,
        region: launch.region,
        zone: launch.availabilityZone,
        instance_type: launch.instanceType,
        market: launch.market,
      });
      log.info({ ...pool, maxPrice: launch.maxPrice, instanceId: instance.instanceId, launchId: record.launchId }, 'launched instance');
    } catch (err) {
      if (!isCapacityError(err)) {
        result.error = errorMessage(err);
        result.outcomes.push({ ...pool, round, outcome: 'error', message: result.error });
        return result;
      }
      result.refusedPools = refusingPools(err.code, launch, workerType, availableZones);
      result.outcomes.push({ ...pool, round, outcome: 'refused', code: err.code, message: 'the pool refused for lack of capacity; re-planning' });
      ctx.metrics?.launchFailures.inc({ worker_type: workerType.workerType, reason: err.code });
      log.warn({ ...pool, code: err.code }, 'pool refused launch; marked unavailable, re-planning');
      // the rest of this round may use the same pool: the next round re-plans
      return result;
    }
  }
  return result;
}

/**
 * The pools a refusal speaks for: MaxSpotInstanceCountExceeded is the region's spot limit
 * (every spot pool there), the other capacity codes concern the one pool.
 */
function refusingPools(
  code: CapacityErrorCode,
  launch: Launch,
  workerType: WorkerTypeRecord,
  availableZones: Readonly<Record<string, readonly string[]>>,
): PoolKey[] {
  if (code !== 'MaxSpotInstanceCountExceeded') {
    return [{ region: launch.region, availabilityZone: launch.availabilityZone, instanceType: launch.instanceType, market: launch.market }];
  }
  const zones = new Set([...(availableZones[launch.region] ?? []), launch.availabilityZone]);
  return [...zones].flatMap((availabilityZone) =>
    workerType.definition.instanceTypes.map(({ instanceType }) => ({
      region: launch.region,
      availabilityZone,
      instanceType,
      market: 'spot' as const,
    })),
  );
}
