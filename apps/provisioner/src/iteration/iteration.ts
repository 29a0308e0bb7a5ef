/**
 * One reconcile iteration: gather (once per region) → decide (pure, the plan as a value) →
 * act (cleanup, then each worker type's launches, with an explicit re-plan round after each
 * capacity refusal) → record (snapshots, decisions, capacity history, market snapshots).
 * A failing region or worker type is logged and skipped; the rest of the iteration goes on.
 */
import type { OnDemandPrice } from '@spot-provisioner/bidding';
import type { LaunchOutcome, LaunchRepository, WorkerStateRepository, WorkerTypeRepository } from '@spot-provisioner/model';
import { assembleDecision, planRound, type RoundPlan } from '@spot-provisioner/planner';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Ec2Port } from '../ec2/port';
import type { SpotPriceSource } from '../ec2/prices';
import type { ProvisionerMetrics } from '../metrics';
import { processDemandMemory, type DemandMemory } from '../policy/demand-memory';
import type { PendingTasksSource } from '../queue/pending-tasks';
import { executeCleanup } from './act-cleanup';
import { executeRound, type LaunchContext } from './act-launches';
import type { TrackedLaunch } from './capacity';
import { decide, type WorkerTypeStep } from './decide';
import type { DecisionWriter, MarketWriter } from './decision-writers';
import { gather } from './gather';
import type { HistoryRecorder } from './history-recorder';
import type { Launcher } from './launcher';
import type { PoolAvailability } from './pool-availability';
import { recordIteration, type WorkerTypeResult } from './record';
import type { SnapshotSweeper } from './snapshot-sweep';
import type { SnapshotWriter } from './snapshot-writer';

/** Planning rounds per worker type and iteration: the first plan and re-plans after capacity refusals; enough to cross zones, bounded against a region-wide shortage. */
export const MAX_PLAN_ROUNDS = 4;

export interface IterationDeps {
  provisionerId: string;
  regions: readonly string[];
  maxInstanceLifeMs: number;
  ec2: Ec2Port;
  prices: SpotPriceSource;
  onDemandPrices: readonly OnDemandPrice[];
  queue: PendingTasksSource;
  workerTypes: Pick<WorkerTypeRepository, 'list'>;
  /** Read only when a region fails: its last known capacity. */
  workerState?: Pick<WorkerStateRepository, 'list'>;
  snapshots: SnapshotWriter;
  sweeper?: SnapshotSweeper;
  decisions?: DecisionWriter;
  history?: HistoryRecorder;
  markets?: MarketWriter;
  launches: Pick<LaunchRepository, 'listAll' | 'remove'>;
  launcher: Launcher;
  pools: PoolAvailability;
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics;
  /** What demand policies remember between iterations; the process's own by default. */
  demandMemory?: DemandMemory;
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

  // Gather
  const gathered = await gather(
    {
      provisionerId: deps.provisionerId,
      regions: deps.regions,
      ec2: deps.ec2,
      prices: deps.prices,
      queue: deps.queue,
      listWorkerTypes: () => deps.workerTypes.list(),
      listLaunches: (now) => deps.launches.listAll(now),
      ...(deps.workerState ? { listSnapshots: () => deps.workerState!.list() } : {}),
    },
    startedAt,
  );
  for (const region of gathered.regions) {
    if (region.errors.length > 0) {
      errors.push(...region.errors.map((e) => `${region.region}: ${e}`));
      log.error({ region: region.region, errors: region.errors }, 'region gathered with errors');
    }
  }

  // Decide
  const plan = decide(gathered, deps.pools.current(), startedAt.getTime(), {
    provisionerId: deps.provisionerId,
    regions: deps.regions,
    maxInstanceLifeMs: deps.maxInstanceLifeMs,
    onDemandPrices: deps.onDemandPrices,
    demand: deps.demandMemory ?? processDemandMemory,
  });
  for (const pool of plan.unavailablePools) deps.pools.markUnavailable(pool);

  // Act: cleanup, then launches per worker type
  const cleaned = await executeCleanup(deps.ec2, plan.cleanup, log, deps.metrics);
  errors.push(...cleaned.errors);
  await Promise.allSettled(plan.visibleLaunches.map((l) => deps.launches.remove(l.workerType, l.launchId)));

  const results: WorkerTypeResult[] = [];
  const failedWorkerTypes: string[] = [];
  let abandoned = false;
  const ctx: LaunchContext = { launcher: deps.launcher, logger: log, metrics: deps.metrics, signal };
  for (const step of plan.workerTypes) {
    if (signal?.aborted) abandoned = true;
    const result: LaunchRounds = step.firstRound && !abandoned ? await launchInRounds(deps, ctx, step, step.firstRound, plan.market.availableZones) : idle(step);
    abandoned ||= result.abandoned;
    const wtLog = log.child({ workerType: step.record.workerType });
    if (step.pendingTasks === null) {
      wtLog.error({ err: step.error }, 'queue did not answer; worker type skipped this iteration');
    } else if (step.error !== null) {
      wtLog.warn({ reason: step.error }, 'worker type not planned this iteration');
    }
    if (result.error !== null) {
      wtLog.error({ err: result.error }, 'worker type failed this iteration; the others go on');
      deps.metrics?.launchFailures.inc({ worker_type: step.record.workerType, reason: 'error' });
    }
    const failure = step.pendingTasks === null ? step.error : result.error;
    if (failure !== null) {
      failedWorkerTypes.push(step.record.workerType);
      errors.push(`${step.record.workerType}: ${failure}`);
    }
    const error = step.error ?? result.error;
    results.push({
      step,
      submitted: result.submitted,
      decision: assembleDecision({
        workerType: step.record.workerType,
        decidedAt: startedAt,
        definition: step.record.definition,
        capacity: step.inputs,
        pendingTasks: step.pendingTasks,
        rounds: result.rounds,
        cleanup: step.cleanup,
        acted: { outcomes: result.outcomes, submittedCapacity: result.submittedCapacity },
        notes: step.notes,
        error,
      }),
    });
  }
  if (signal?.aborted) abandoned = true;

  // Record
  errors.push(
    ...(await recordIteration(deps, { startedAt, gathered, plan, results })),
  );

  const finishedAt = new Date(deps.clock.now());
  const launches = results.reduce((sum, r) => sum + r.submitted.length, 0);
  const report: IterationReport = {
    startedAt,
    finishedAt,
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    workerTypes: gathered.workerTypes.length,
    launches,
    terminations: cleaned.terminated,
    cancellations: cleaned.cancelled,
    errors: errors.length,
    failedRegions: plan.failedRegions,
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
      failedRegions: report.failedRegions,
      failedWorkerTypes,
      abandoned,
    },
    'iteration finished',
  );
  return report;
}

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
  deps: Pick<IterationDeps, 'pools'>,
  ctx: LaunchContext,
  step: WorkerTypeStep,
  firstRound: RoundPlan,
  availableZones: Readonly<Record<string, readonly string[]>>,
): Promise<LaunchRounds> {
  const out: LaunchRounds = { rounds: [], submitted: [], submittedCapacity: 0, outcomes: [], error: null, abandoned: false };
  let round: RoundPlan | undefined = firstRound;
  for (let index = 0; round; index++) {
    out.rounds.push(round);
    const result = await executeRound(ctx, step.record, round.placement.launches, index, availableZones);
    out.submitted.push(...result.submitted);
    out.submittedCapacity += result.submittedCapacity;
    out.outcomes.push(...result.outcomes);
    out.error = result.error;
    out.abandoned = result.abandoned;
    round = undefined;
    if (result.refusedPools && index + 1 < MAX_PLAN_ROUNDS && step.planInput) {
      for (const pool of result.refusedPools) deps.pools.markUnavailable(pool);
      round = planRound({ ...step.planInput, recentlyUnavailable: deps.pools.current() }, index + 1, out.submittedCapacity);
    } else if (result.refusedPools) {
      for (const pool of result.refusedPools) deps.pools.markUnavailable(pool);
    }
  }
  return out;
}

function idle(step: WorkerTypeStep): LaunchRounds {
  return { rounds: step.firstRound ? [step.firstRound] : [], submitted: [], submittedCapacity: 0, outcomes: [], error: null, abandoned: false };
}
