/**
 * Record: make unmet capacity visible (a warn line per short worker type, the gauges), then
 * store what the API reads, concurrently: the state snapshot of each worker type whose capacity
 * is fully known (then the sweep of snapshots left by deleted worker types), the last decision
 * per worker type, one capacity history point per worker type (written behind the iteration),
 * and each fully gathered region's market. Failures are reported, never thrown: the heartbeat
 * still follows.
 */
import type { OnDemandPrice } from '@spot-provisioner/bidding';
import type { MarketSnapshot, WorkerStateSnapshot, WorkerTypeDecision } from '@spot-provisioner/model';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { errorMessage } from '../error-message';
import type { ProvisionerMetrics } from '../metrics';
import type { Acted } from './act';
import type { IterationPlan } from './decide';
import type { Gathered } from './gather';
import { recordsOf, type IterationRecords } from './records';
import type { Drained } from './scale-down';
import type { ChangeTrackingWriter, HistoryRecorder, SnapshotSweeper } from './writers';

/** Reasons quoted in the unmet log line: the first few say what to fix. */
const UNMET_REASONS_LOGGED = 3;

export interface RecordDeps {
  onDemandPrices: readonly OnDemandPrice[];
  snapshots: ChangeTrackingWriter<WorkerStateSnapshot>;
  decisions: ChangeTrackingWriter<WorkerTypeDecision>;
  markets: ChangeTrackingWriter<MarketSnapshot>;
  history: HistoryRecorder;
  sweeper: SnapshotSweeper;
  clock: Clock;
  logger: Logger;
  metrics: ProvisionerMetrics | undefined;
}

export interface RecordInput {
  startedAt: Date;
  gathered: Gathered;
  plan: IterationPlan;
  acted: Acted;
  /** Scale-down's part, for worker types with it enabled. */
  drained?: Drained;
}

/** Stores what the iteration saw, decided and did; resolves the errors to report. */
export async function record(deps: RecordDeps, input: RecordInput): Promise<string[]> {
  const records = recordsOf({ ...input, snapshotAt: new Date(deps.clock.now()), onDemandPrices: deps.onDemandPrices });
  showUnmet(deps, records.decided);
  const results = await Promise.all([
    writeSnapshots(deps, records.snapshots, input),
    deps.decisions.writeAll(records.decided.map((d) => d.decision)),
    deps.history.record(records.history),
    deps.markets.writeAll(records.markets),
  ]);
  const errors = results.flat();
  if (errors.length > 0) deps.logger.error({ errors }, 'recording the iteration failed in part');
  return errors;
}

function showUnmet(deps: RecordDeps, decided: IterationRecords['decided']): void {
  const { metrics } = deps;
  metrics?.resetWorkerTypeGauges();
  for (const { acted: { step }, decision } of decided) {
    const labels = { worker_type: decision.workerType };
    metrics?.runningCapacity.set(labels, step.capacity.runningCapacity);
    metrics?.pendingCapacity.set(labels, step.capacity.arrivingCapacity);
    if (step.pendingTasks !== null) metrics?.pendingTasks.set(labels, step.pendingTasks);
    metrics?.unmetCapacity.set(labels, decision.unmet?.capacity ?? 0);
    metrics?.spotCostPerHour.set(labels, step.spotCostPerHour);
    if (decision.scaleDown) metrics?.idleCapacity.set(labels, decision.scaleDown.idleCapacity);
    if (!decision.unmet) continue;
    const reasons = decision.rounds.at(-1)?.rejected.slice(0, UNMET_REASONS_LOGGED).map((group) => `${group.filter}: ${group.summary}`) ?? [];
    deps.logger.warn(
      { workerType: decision.workerType, unmet: decision.unmet.capacity, reasons, reason: decision.unmet.reason },
      `capacity unmet for ${decision.workerType}: ${decision.unmet.reason}`,
    );
  }
}

/** The snapshots, then, only with every region described, the sweep of stale ones (a worker type's resources in a failed region would be unknown). */
async function writeSnapshots(deps: RecordDeps, snapshots: readonly WorkerStateSnapshot[], { gathered, plan }: RecordInput): Promise<string[]> {
  const errors = await deps.snapshots.writeAll(snapshots);
  if (plan.failedRegions.length === 0) {
    try {
      const existing = new Set(gathered.workerTypes.map((w) => w.workerType));
      const draining = new Set([...plan.cleanup.terminate, ...plan.cleanup.cancel].map((r) => r.workerType));
      const swept = await deps.sweeper.sweep(existing, draining);
      for (const name of swept) {
        deps.snapshots.forget(name);
        deps.decisions.forget(name);
      }
      if (swept.length > 0) deps.logger.info({ workerTypes: swept }, 'deleted state snapshots of removed worker types');
    } catch (err) {
      deps.logger.warn({ err: errorMessage(err) }, 'sweeping stale state snapshots failed; will retry');
    }
  }
  return errors;
}
