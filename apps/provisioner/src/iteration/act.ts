/**
 * Act: executes the plan, decides nothing. First what cleanup decided (cancel stalled and
 * rogue spot requests, terminate rogues and zombies, batched per region), then each worker
 * type's launches round by round: a pool refusing for lack of capacity ends the round, its
 * pools are marked unavailable and the next round is planned (what was launched counts as
 * pending), up to MAX_PLAN_ROUNDS; any other error ends that worker type's launches, and only
 * that worker type's.
 */
import type { Launch } from '@spot-provisioner/bidding';
import { isCapacityError, type CapacityErrorCode } from '@spot-provisioner/ec2-gateway';
import type { LaunchOutcome, LaunchRepository, WorkerTypeRecord } from '@spot-provisioner/model';
import { planRound, type RoundPlan } from '@spot-provisioner/planner';
import type { Logger } from 'pino';
import type { Ec2Port } from '../ec2/port';
import { errorMessage } from '../error-message';
import type { ProvisionerMetrics } from '../metrics';
import type { TrackedLaunch } from './capacity';
import type { CleanupDecision } from './cleanup';
import type { IterationPlan, WorkerTypeStep } from './decide';
import type { Launcher } from './launcher';
import type { PoolAvailability, PoolKey } from './pool-availability';

/** Planning rounds per worker type and iteration: the first plan and re-plans after capacity refusals; enough to cross zones, bounded against a region-wide shortage. */
export const MAX_PLAN_ROUNDS = 4;
/** Ids per Terminate/Cancel call: EC2 accepts large batches, but a bounded one keeps a failure's blast radius small. */
export const CLEANUP_BATCH_SIZE = 200;

export interface ActDeps {
  ec2: Pick<Ec2Port, 'cancelSpotRequests' | 'terminateInstances'>;
  /** Records of launches EC2 now shows are deleted. */
  launches: Pick<LaunchRepository, 'remove'>;
  launcher: Pick<Launcher, 'launch'>;
  /** Pools that refused are remembered here, for the next rounds and iterations. */
  pools: PoolAvailability;
  logger: Logger;
  metrics: ProvisionerMetrics | undefined;
}

/** What was done for one worker type. */
export interface WorkerTypeActed {
  step: WorkerTypeStep;
  rounds: RoundPlan[];
  submitted: TrackedLaunch[];
  submittedCapacity: number;
  outcomes: LaunchOutcome[];
  /** A launch error that ended this worker type's launches. */
  error: string | null;
}

export interface Acted {
  terminated: number;
  cancelled: number;
  workerTypes: WorkerTypeActed[];
  failedWorkerTypes: string[];
  errors: string[];
  /** Stopped launching because the daemon is shutting down (or the deadline passed). */
  abandoned: boolean;
}

export async function act(deps: ActDeps, plan: IterationPlan, signal: AbortSignal | undefined): Promise<Acted> {
  for (const pool of plan.unavailablePools) deps.pools.markUnavailable(pool);
  const cleaned = await executeCleanup(deps, plan.cleanup);
  await Promise.allSettled(plan.visibleLaunches.map((l) => deps.launches.remove(l.workerType, l.launchId)));

  const acted: Acted = { ...cleaned, workerTypes: [], failedWorkerTypes: [], abandoned: false };
  for (const step of plan.workerTypes) {
    if (signal?.aborted) acted.abandoned = true;
    const result = step.firstRound && !acted.abandoned ? await launchInRounds(deps, step, step.firstRound, plan, signal) : idle(step);
    acted.abandoned ||= result.abandoned;
    const failure = reportWorkerType(deps, step, result.error);
    if (failure !== null) {
      acted.failedWorkerTypes.push(step.record.workerType);
      acted.errors.push(`${step.record.workerType}: ${failure}`);
    }
    acted.workerTypes.push({ step, rounds: result.rounds, submitted: result.submitted, submittedCapacity: result.submittedCapacity, outcomes: result.outcomes, error: result.error });
  }
  if (signal?.aborted) acted.abandoned = true;
  return acted;
}

/** Logs why a worker type was not planned or failed; resolves what counts as its failure this iteration. */
function reportWorkerType(deps: ActDeps, step: WorkerTypeStep, launchError: string | null): string | null {
  const log = deps.logger.child({ workerType: step.record.workerType });
  if (step.pendingTasks === null) {
    log.error({ err: step.error }, 'queue did not answer; worker type skipped this iteration');
  } else if (step.error !== null) {
    log.warn({ reason: step.error }, 'worker type not planned this iteration');
  }
  if (launchError !== null) {
    log.error({ err: launchError }, 'worker type failed this iteration; the others go on');
    deps.metrics?.launchFailures.inc({ worker_type: step.record.workerType, reason: 'error' });
  }
  return step.pendingTasks === null ? step.error : launchError;
}

// ---------------------------------------------------------------------------------------------
// Cleanup
// ---------------------------------------------------------------------------------------------

async function executeCleanup(deps: ActDeps, decision: CleanupDecision): Promise<{ terminated: number; cancelled: number; errors: string[] }> {
  const { ec2, logger, metrics } = deps;
  const outcome = { terminated: 0, cancelled: 0, errors: [] as string[] };
  const regions = new Set([...decision.cancel.map((c) => c.region), ...decision.terminate.map((t) => t.region)]);
  await Promise.all(
    [...regions].map(async (region) => {
      for (const cancel of chunks(decision.cancel.filter((c) => c.region === region))) {
        try {
          await ec2.cancelSpotRequests(region, cancel.map((c) => c.requestId));
          outcome.cancelled += cancel.length;
          for (const c of cancel) {
            metrics?.cleanups.inc({ action: 'cancel', reason: c.reason });
            logger.info(
              { region, workerType: c.workerType, requestId: c.requestId, reason: c.reason, status: c.statusCode },
              'cancelled spot request',
            );
          }
        } catch (err) {
          outcome.errors.push(`${region}: cancelling ${cancel.length} spot requests: ${errorMessage(err)}`);
          logger.error({ region, count: cancel.length, err: errorMessage(err) }, 'cancelling spot requests failed');
        }
      }
      for (const terminate of chunks(decision.terminate.filter((t) => t.region === region))) {
        try {
          await ec2.terminateInstances(region, terminate.map((t) => t.instanceId));
          outcome.terminated += terminate.length;
          for (const t of terminate) {
            metrics?.cleanups.inc({ action: 'terminate', reason: t.reason });
            logger.info({ region, workerType: t.workerType, instanceId: t.instanceId, reason: t.reason }, 'terminated instance');
          }
        } catch (err) {
          outcome.errors.push(`${region}: terminating ${terminate.length} instances: ${errorMessage(err)}`);
          logger.error({ region, count: terminate.length, err: errorMessage(err) }, 'terminating instances failed');
        }
      }
    }),
  );
  return outcome;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CLEANUP_BATCH_SIZE) out.push(items.slice(i, i + CLEANUP_BATCH_SIZE));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Launches, round by round
// ---------------------------------------------------------------------------------------------

interface LaunchRounds {
  rounds: RoundPlan[];
  submitted: TrackedLaunch[];
  submittedCapacity: number;
  outcomes: LaunchOutcome[];
  error: string | null;
  abandoned: boolean;
}

/**
 * Executes round 0, and after each capacity refusal marks the refusing pools and plans the
 * next round (what was launched so far counts as pending), up to MAX_PLAN_ROUNDS.
 */
async function launchInRounds(
  deps: ActDeps,
  step: WorkerTypeStep,
  firstRound: RoundPlan,
  plan: IterationPlan,
  signal: AbortSignal | undefined,
): Promise<LaunchRounds> {
  const out: LaunchRounds = { rounds: [], submitted: [], submittedCapacity: 0, outcomes: [], error: null, abandoned: false };
  let round: RoundPlan | undefined = firstRound;
  for (let index = 0; round; index++) {
    out.rounds.push(round);
    const result = await executeRound(deps, step.record, round.placement.launches, index, plan.market.availableZones, signal);
    out.submitted.push(...result.submitted);
    out.submittedCapacity += result.submittedCapacity;
    out.outcomes.push(...result.outcomes);
    out.error = result.error;
    out.abandoned = result.abandoned;
    round = undefined;
    if (result.refusedPools) {
      for (const pool of result.refusedPools) deps.pools.markUnavailable(pool);
      if (index + 1 < MAX_PLAN_ROUNDS && step.planInput) {
        round = planRound({ ...step.planInput, recentlyUnavailable: deps.pools.current() }, index + 1, out.submittedCapacity);
      }
    }
  }
  return out;
}

function idle(step: WorkerTypeStep): LaunchRounds {
  return { rounds: step.firstRound ? [step.firstRound] : [], submitted: [], submittedCapacity: 0, outcomes: [], error: null, abandoned: false };
}

interface RoundResult {
  submitted: TrackedLaunch[];
  submittedCapacity: number;
  outcomes: LaunchOutcome[];
  /** Set when a pool refused for capacity: the pools the refusal speaks for. */
  refusedPools: PoolKey[] | null;
  /** Set when a launch failed otherwise. */
  error: string | null;
  abandoned: boolean;
}

/**
 * One round of one worker type: launches each planned instance, and stops at the first pool
 * that refuses for lack of capacity (the rest of the round may use the same pool) or at any
 * other error.
 */
async function executeRound(
  deps: ActDeps,
  workerType: WorkerTypeRecord,
  launches: readonly Launch[],
  round: number,
  availableZones: Readonly<Record<string, readonly string[]>>,
  signal: AbortSignal | undefined,
): Promise<RoundResult> {
  const log = deps.logger.child({ workerType: workerType.workerType });
  const result: RoundResult = { submitted: [], submittedCapacity: 0, outcomes: [], refusedPools: null, error: null, abandoned: false };
  for (const launch of launches) {
    const pool = { market: launch.market, region: launch.region, availabilityZone: launch.availabilityZone, instanceType: launch.instanceType };
    if (signal?.aborted) {
      result.abandoned = true;
      result.outcomes.push({ ...pool, round, outcome: 'skipped', message: 'the daemon is shutting down' });
      continue;
    }
    try {
      const { record, instance } = await deps.launcher.launch(workerType, launch);
      result.submitted.push(record);
      result.submittedCapacity += launch.capacity;
      result.outcomes.push({ ...pool, round, outcome: 'submitted', instanceId: instance.instanceId });
      deps.metrics?.launches.inc({
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
      deps.metrics?.launchFailures.inc({ worker_type: workerType.workerType, reason: err.code });
      log.warn({ ...pool, code: err.code }, 'pool refused launch; marked unavailable, re-planning');
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
