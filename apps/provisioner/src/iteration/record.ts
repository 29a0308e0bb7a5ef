/**
 * The last phase of an iteration: make unmet capacity visible (a warn line per short worker
 * type, gauges), then store what the API reads: state snapshots, the last decision per worker
 * type, one capacity history point per worker type (batched, written behind the iteration),
 * and each region's market.
 * Failures are reported, never thrown: the heartbeat still follows.
 */
import type { MarketSnapshot, WorkerTypeDecision } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { ProvisionerMetrics } from '../metrics';
import type { TrackedLaunch } from './capacity';
import type { IterationPlan, WorkerTypeStep } from './decide';
import type { DecisionWriter, MarketWriter } from './decision-writers';
import type { Gathered } from './gather';
import type { HistoryRecorder } from './history-recorder';
import type { SnapshotSweeper } from './snapshot-sweep';
import type { SnapshotWriter } from './snapshot-writer';
import { instancePrice } from './instance-price';
import { writeSnapshots } from './write-snapshots';

/** Reasons quoted in the unmet log line: the first few say what to fix. */
const UNMET_REASONS_LOGGED = 3;

export interface WorkerTypeResult {
  step: WorkerTypeStep;
  submitted: TrackedLaunch[];
  decision: WorkerTypeDecision;
}

export interface RecordDeps {
  onDemandPrices: readonly { region: string; instanceType: string; price: number }[];
  snapshots: SnapshotWriter;
  sweeper?: SnapshotSweeper;
  decisions?: DecisionWriter;
  history?: HistoryRecorder;
  markets?: MarketWriter;
  clock: Clock;
  logger: Logger;
  metrics?: ProvisionerMetrics;
}

export interface RecordInput {
  startedAt: Date;
  gathered: Gathered;
  plan: IterationPlan;
  results: readonly WorkerTypeResult[];
}

export async function recordIteration(deps: RecordDeps, input: RecordInput): Promise<string[]> {
  showUnmet(deps, input.results);
  const { plan } = input;
  const results = await Promise.all([
    writeSnapshots(deps, {
      workerTypes: input.gathered.workerTypes,
      byWorkerType: plan.byWorkerType,
      submittedByWorkerType: new Map(input.results.map((r) => [r.step.record.workerType, r.submitted])),
      failedRegions: plan.failedRegions,
      draining: new Set([...plan.cleanup.terminate, ...plan.cleanup.cancel].map((r) => r.workerType)),
      priceOf: (instance) => instancePrice(instance, plan.market.spotPrices, deps.onDemandPrices),
    }),
    deps.decisions?.writeAll(input.results.map((r) => r.decision)) ?? [],
    appendHistory(deps, input),
    deps.markets?.writeAll(marketSnapshots(input.gathered, deps.onDemandPrices, input.startedAt)) ?? [],
  ]);
  return results.flat();
}

function showUnmet(deps: Pick<RecordDeps, 'logger' | 'metrics'>, results: readonly WorkerTypeResult[]): void {
  const { metrics } = deps;
  metrics?.resetWorkerTypeGauges();
  for (const { step, decision } of results) {
    const labels = { worker_type: decision.workerType };
    metrics?.runningCapacity.set(labels, step.capacity.runningCapacity);
    metrics?.pendingCapacity.set(labels, step.capacity.arrivingCapacity);
    if (step.pendingTasks !== null) metrics?.pendingTasks.set(labels, step.pendingTasks);
    metrics?.unmetCapacity.set(labels, decision.unmet?.capacity ?? 0);
    metrics?.spotCostPerHour.set(labels, step.spotCostPerHour);
    if (!decision.unmet) continue;
    const reasons = decision.rounds.at(-1)?.rejected.slice(0, UNMET_REASONS_LOGGED).map((group) => `${group.filter}: ${group.summary}`) ?? [];
    deps.logger.warn(
      { workerType: decision.workerType, unmet: decision.unmet.capacity, reasons, reason: decision.unmet.reason },
      `capacity unmet for ${decision.workerType}: ${decision.unmet.reason}`,
    );
  }
}

async function appendHistory(deps: Pick<RecordDeps, 'history'>, input: RecordInput): Promise<string[]> {
  if (!deps.history) return [];
  const time = input.startedAt.toISOString();
  const points = input.results.map(({ step, submitted, decision }) => ({
    workerType: decision.workerType,
    point: {
      time,
      pendingTasks: decision.inputs.pendingTasks,
      runningCapacity: decision.inputs.runningCapacity,
      pendingCapacity: decision.inputs.pendingCapacity,
      requestedCapacity: decision.inputs.requestedCapacity,
      minCapacity: decision.inputs.minCapacity,
      maxCapacity: decision.inputs.maxCapacity,
      launches: submitted.length,
      terminations: step.cleanup.filter((action) => action.action === 'terminate').length,
      spotCostPerHour: step.spotCostPerHour,
      unmetCapacity: decision.unmet?.capacity ?? 0,
    },
  }));
  return deps.history.record(points);
}

/** What each fully gathered region's market looked like; a region with any error keeps its last snapshot. */
function marketSnapshots(
  gathered: Gathered,
  onDemandPrices: RecordDeps['onDemandPrices'],
  recordedAt: Date,
): MarketSnapshot[] {
  return gathered.regions
    .filter((region) => region.described && region.errors.length === 0)
    .map((region) => {
      const spotPrices: Record<string, Record<string, number>> = {};
      for (const { availabilityZone, instanceType, price } of region.spotPrices) {
        const byType = (spotPrices[availabilityZone] ??= {});
        byType[instanceType] = Math.max(price, byType[instanceType] ?? 0);
      }
      return {
        region: region.region,
        recordedAt: recordedAt.toISOString(),
        zones: [...region.zones].sort(),
        spotPrices,
        onDemandPrices: Object.fromEntries(
          onDemandPrices.filter((p) => p.region === region.region).map((p) => [p.instanceType, p.price]),
        ),
      };
    });
}
