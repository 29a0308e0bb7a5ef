/**
 * Pure: the records an iteration stores, from what it gathered, decided and did: each worker
 * type's decision and capacity history point, its state snapshot (the API's `state` and
 * summaries), and each region's market (the API's plan preview).
 */
import { capacityUnits, type OnDemandPrice } from '@spot-provisioner/bidding';
import type {
  HistoryPointRecord,
  InstanceEntry,
  MarketSnapshot,
  RequestEntry,
  WorkerStateSnapshot,
  WorkerTypeDecision,
  WorkerTypeDefinition,
} from '@spot-provisioner/model';
import { assembleDecision } from '@spot-provisioner/planner';
import type { OwnedInstance, OwnedSpotRequest } from '../ec2/port';
import type { Acted, WorkerTypeActed } from './act';
import type { TrackedLaunch, WorkerTypeCapacity } from './capacity';
import { instancePrice, type IterationPlan } from './decide';
import type { Gathered } from './gather';
import type { Drained, WorkerTypeDrained } from './scale-down';

export interface IterationRecords {
  /** Each worker type's decision, beside what was done for it. */
  decided: { acted: WorkerTypeActed; drained: WorkerTypeDrained | undefined; decision: WorkerTypeDecision }[];
  history: HistoryPointRecord[];
  /** Of the worker types whose capacity is fully known (none spanning a failed region). */
  snapshots: WorkerStateSnapshot[];
  /** Of the regions gathered without an error. */
  markets: MarketSnapshot[];
}

export interface RecordsInput {
  startedAt: Date;
  /** When the snapshots are taken. */
  snapshotAt: Date;
  gathered: Gathered;
  plan: IterationPlan;
  acted: Acted;
  onDemandPrices: readonly OnDemandPrice[];
  /** Scale-down's part, for worker types with it enabled. */
  drained?: Drained;
}

/** Everything the iteration stores, as values. */
export function recordsOf({ startedAt, snapshotAt, gathered, plan, acted, onDemandPrices, drained }: RecordsInput): IterationRecords {
  const decided = acted.workerTypes.map((w) => {
    const its = drained?.workerTypes.get(w.step.record.workerType);
    return { acted: w, drained: its, decision: decisionOf(w, startedAt, its) };
  });
  const { byWorkerType, failedRegions } = plan;
  const submitted = new Map(acted.workerTypes.map((w) => [w.step.record.workerType, w.submitted]));
  // each instance's pool price, shown per instance by the console
  const priceOf = (instance: OwnedInstance) => instancePrice(instance, plan.market.spotPrices, onDemandPrices);
  const snapshots = gathered.workerTypes
    .filter((w) => byWorkerType.has(w.workerType) && !w.definition.regions.some((r) => failedRegions.includes(r.region)))
    .map((w) => buildSnapshot(w.workerType, w.definition, byWorkerType.get(w.workerType)!, submitted.get(w.workerType) ?? [], snapshotAt, priceOf));
  return {
    decided,
    history: decided.map((d) => historyPoint(d.acted, d.decision, startedAt, d.drained)),
    snapshots,
    markets: marketSnapshots(gathered, onDemandPrices, startedAt),
  };
}

/** The decision as the API shows it: inputs, capacity change, every round, unmet capacity, cleanup, outcomes, drains. */
function decisionOf(acted: WorkerTypeActed, decidedAt: Date, drained?: WorkerTypeDrained): WorkerTypeDecision {
  const { step } = acted;
  const decision = assembleDecision({
    workerType: step.record.workerType,
    decidedAt,
    definition: step.record.definition,
    capacity: step.inputs,
    pendingTasks: step.pendingTasks,
    rounds: acted.rounds,
    cleanup: step.cleanup,
    acted: { outcomes: acted.outcomes, submittedCapacity: acted.submittedCapacity },
    notes: [...step.notes, ...(drained?.notes ?? [])],
    error: step.error ?? acted.error,
    interruptions: step.interruptions,
    ...(drained?.decision ? { scaleDown: drained.decision } : {}),
  });
  return decision;
}

/** One capacity history point of a worker type. */
function historyPoint(acted: WorkerTypeActed, decision: WorkerTypeDecision, time: Date, drained?: WorkerTypeDrained): HistoryPointRecord {
  return {
    workerType: decision.workerType,
    point: {
      time: time.toISOString(),
      pendingTasks: decision.inputs.pendingTasks,
      runningCapacity: decision.inputs.runningCapacity,
      pendingCapacity: decision.inputs.pendingCapacity,
      requestedCapacity: decision.inputs.requestedCapacity,
      minCapacity: decision.inputs.minCapacity,
      maxCapacity: decision.inputs.maxCapacity,
      launches: acted.submitted.length,
      terminations: acted.step.cleanup.filter((action) => action.action === 'terminate').length,
      spotCostPerHour: acted.step.spotCostPerHour,
      unmetCapacity: decision.unmet?.capacity ?? 0,
      ...interruptionCount(acted.step.interruptions),
      ...(drained
        ? { drains: drained.quarantined, drainTerminations: drained.terminated, ...(drained.decision ? { idleCapacity: drained.decision.idleCapacity } : {}) }
        : {}),
    },
  };
}

/** Spot interruption warnings heard this iteration, when there were any. */
function interruptionCount(records: readonly { kind: string }[]): { interruptions?: number } {
  const count = records.filter((r) => r.kind === 'spot-interruption').length;
  return count > 0 ? { interruptions: count } : {};
}

/** What each fully gathered region's market looked like; a region with any error keeps its last snapshot. */
function marketSnapshots(gathered: Gathered, onDemandPrices: readonly OnDemandPrice[], recordedAt: Date): MarketSnapshot[] {
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

/** EC2 sometimes omits a field the snapshot schema requires; this fills it visibly. */
const UNKNOWN = 'unknown';

/** USD/h of an instance's pool now; undefined when unknown. */
type InstancePriceOf = (instance: OwnedInstance) => number | undefined;

/** The state snapshot of a worker type whose capacity is fully known. */
function buildSnapshot(
  workerType: string,
  definition: WorkerTypeDefinition,
  capacity: WorkerTypeCapacity,
  submitted: readonly TrackedLaunch[],
  now: Date,
  priceOf: InstancePriceOf,
): WorkerStateSnapshot {
  const unitsOf = (instanceType: string | undefined) => capacityUnits([instanceType ?? ''], definition.instanceTypes);
  const tracked = [...capacity.trackedLaunches, ...submitted];
  const openRequests = capacity.requests.filter((request) => request.state === 'open');
  return {
    workerType,
    instances: capacity.instances.map((instance) => instanceEntry(instance, unitsOf(instance.instanceType), priceOf(instance))),
    requests: capacity.requests.map((request) => requestEntry(request, unitsOf(request.instanceType))),
    internalTrackedRequests: tracked.map(trackedEntry),
    summary: {
      minCapacity: definition.minCapacity,
      maxCapacity: definition.maxCapacity,
      requestedCapacity:
        openRequests.reduce((sum, request) => sum + unitsOf(request.instanceType), 0) +
        tracked.reduce((sum, launch) => sum + launch.capacity, 0),
      pendingCapacity: capacity.startingCapacity,
      runningCapacity: capacity.runningCapacity,
    },
    updatedAt: now.toISOString(),
  };
}

function instanceEntry(instance: OwnedInstance, capacity: number, price: number | undefined): InstanceEntry {
  return {
    id: instance.instanceId,
    ...(instance.spotRequestId ? { spotRequestId: instance.spotRequestId } : {}),
    ...(instance.imageId ? { imageId: instance.imageId } : {}),
    instanceType: instance.instanceType || UNKNOWN,
    region: instance.region,
    zone: instance.availabilityZone || UNKNOWN,
    state: instance.state,
    launchTime: new Date(instance.launchTime).toISOString(),
    capacity,
    market: instance.market,
    ...(price !== undefined ? { price } : {}),
  };
}

function requestEntry(request: OwnedSpotRequest, capacity: number): RequestEntry {
  return {
    id: request.requestId,
    instanceType: request.instanceType || UNKNOWN,
    region: request.region,
    zone: request.availabilityZone || UNKNOWN,
    state: request.state,
    ...(request.statusCode ? { status: request.statusCode } : {}),
    createdTime: new Date(request.createTime).toISOString(),
    capacity,
  };
}

function trackedEntry(launch: TrackedLaunch): RequestEntry {
  return {
    id: launch.launchId,
    instanceType: launch.instanceType,
    region: launch.region,
    zone: launch.zone,
    state: 'submitted',
    createdTime: launch.submittedAt,
    capacity: launch.capacity,
  };
}
