/**
 * Decide (pure): from what was gathered, the iteration's plan as a value. Cleanup first (so
 * leaving capacity is not counted), then capacity per worker type, then round 0 of each worker
 * type's plan through packages/planner. Act only executes this plan; later rounds re-plan
 * with planRound after capacity refusals.
 */
import {
  capacityUnits,
  indexSpotPrices,
  type DemandObservation,
  type OnDemandPrice,
  type SpotPriceIndex,
  type UnavailablePool,
} from '@spot-provisioner/bidding';
import type { CleanupAction, InterruptionRecord, WorkerTypeRecord } from '@spot-provisioner/model';
import {
  planRound,
  type CapacityInputs,
  type DemandContext,
  type MarketView,
  type RoundPlan,
  type WorkerTypePlanInput,
} from '@spot-provisioner/planner';
import type { OwnedInstance } from '../ec2/port';
import { decideCleanup, STALLED_REQUEST_AGE_MS, type Cancellation, type CleanupDecision, type Termination } from './cleanup';
import { lastKnownCapacities, summarizeCapacity, type TrackedLaunch, type WorkerTypeCapacity } from './capacity';
import type { Gathered } from './gather';
import { interruptionRecords, noticeSentence, NOTHING_HEARD, type Heard } from './interruptions';
import { POOL_UNAVAILABLE_MS, type PoolKey } from './pool-availability';

export interface DecideSettings {
  provisionerId: string;
  /** Every region this provisioner manages (described or not this iteration). */
  regions: readonly string[];
  maxInstanceLifeMs: number;
  onDemandPrices: readonly OnDemandPrice[];
  /** What the daemon remembers for demand policies; it records this iteration's observation when asked. */
  demand?: DemandContextSource;
  /**
   * Scale-down's memory: its drains in progress (their idle workers serve pending tasks, by a
   * lift, before anything launches) and what its last forecast would launch ahead of arrivals.
   */
  draining?: { drainingInstances(workerType: string): readonly string[]; launchAheadOf?(workerType: string): number | undefined };
}

/** The daemon's memory of each worker type, as decide asks it (apps/provisioner/src/policy/demand-memory.ts). */
export interface DemandContextSource {
  contextFor(
    workerType: string,
    observation: DemandObservation,
    instances: readonly { instanceId: string; state: string; launchTime: number }[],
  ): DemandContext;
}

/** One worker type's part of the plan. */
export interface WorkerTypeStep {
  record: WorkerTypeRecord;
  capacity: WorkerTypeCapacity;
  /** The capacity the decision reports (with a failed region's last known capacity added). */
  inputs: CapacityInputs;
  pendingTasks: number | null;
  /** Absent when this worker type is not planned this iteration (see `error`). */
  planInput?: WorkerTypePlanInput;
  firstRound?: RoundPlan;
  cleanup: CleanupAction[];
  notes: string[];
  error: string | null;
  /** USD/h of its running instances at their pool's current price. */
  spotCostPerHour: number;
  /** What EC2 said about its instances since the last iteration (the interruption queue). */
  interruptions: InterruptionRecord[];
}

export interface IterationPlan {
  failedRegions: string[];
  cleanup: CleanupDecision;
  /** Pools cleanup found lacking capacity or price: to be remembered as unavailable. */
  unavailablePools: PoolKey[];
  /** Tracked launches EC2 now shows: their records can be deleted. */
  visibleLaunches: TrackedLaunch[];
  byWorkerType: Map<string, WorkerTypeCapacity>;
  market: MarketView & { spotPrices: SpotPriceIndex };
  workerTypes: WorkerTypeStep[];
}

export function decide(
  gathered: Gathered,
  recentlyUnavailable: readonly UnavailablePool[],
  now: number,
  settings: DecideSettings,
  /** What the interruption queue told (instances going away count as gone; learned rates rank pools). */
  heard: Pick<Heard, 'notices' | 'leaving' | 'rates' | 'rebalanceRecommended'> = NOTHING_HEARD,
): IterationPlan {
  const described = gathered.regions.filter((r) => r.described);
  const failedRegions = gathered.regions.filter((r) => !r.described).map((r) => r.region);
  const workerTypeNames = new Set(gathered.workerTypes.map((w) => w.workerType));

  const cleanup: CleanupDecision = { terminate: [], cancel: [] };
  for (const region of described) {
    const decision = decideCleanup({
      provisionerId: settings.provisionerId,
      workerTypes: workerTypeNames,
      instances: region.instances,
      spotRequests: region.spotRequests,
      now,
      maxInstanceLifeMs: settings.maxInstanceLifeMs,
    });
    cleanup.terminate.push(...decision.terminate);
    cleanup.cancel.push(...decision.cancel);
  }
  const unavailablePools: PoolKey[] = cleanup.cancel.flatMap((c) =>
    c.unavailablePool ? [{ region: c.region, ...c.unavailablePool, market: 'spot' as const }] : [],
  );
  const unavailable = [...recentlyUnavailable, ...unavailablePools.map((pool) => ({ ...pool, until: now + POOL_UNAVAILABLE_MS }))];
  const leaving = new Set([...cleanup.terminate.map((t) => t.instanceId), ...cleanup.cancel.map((c) => c.requestId), ...heard.leaving]);
  const { byWorkerType, visibleLaunches } = summarizeCapacity({
    provisionerId: settings.provisionerId,
    workerTypes: gathered.workerTypes.map((w) => ({ workerType: w.workerType, instanceTypes: w.definition.instanceTypes })),
    instances: described.flatMap((r) => r.instances),
    spotRequests: described.flatMap((r) => r.spotRequests),
    launches: gathered.launches,
    describedRegions: new Set(described.map((r) => r.region)),
    leaving,
  });
  const lastKnown = lastKnownCapacities(gathered.workerTypes, failedRegions, gathered.lastSnapshots ?? [], now);

  // Every managed region is offered to placement, but zones only where EC2 was described:
  // a failed region's pools are refused by name (zone-unknown), never launched blind.
  const market = {
    managedRegions: settings.regions,
    availableZones: Object.fromEntries(described.map((r) => [r.region, r.zones])),
    spotPrices: indexSpotPrices(described.flatMap((r) => r.spotPrices)),
    onDemandPrices: settings.onDemandPrices,
  };
  const actions = cleanupActionsByWorkerType(cleanup, settings.maxInstanceLifeMs);
  const leavingOf = leavingCapacities(gathered, heard.notices);
  const workerTypes: WorkerTypeStep[] = [];
  for (const record of gathered.workerTypes) {
    const name = record.workerType;
    const capacity = byWorkerType.get(name);
    const pending = gathered.pendingTasks.get(name);
    if (!capacity || !pending) continue;
    const step: WorkerTypeStep = {
      record,
      capacity,
      inputs: {
        runningCapacity: capacity.runningCapacity,
        pendingCapacity: capacity.startingCapacity,
        requestedCapacity: capacity.requestedCapacity + capacity.trackedCapacity,
        ...leavingOf(name),
      },
      pendingTasks: pending.ok ? pending.pendingTasks : null,
      cleanup: actions.get(name) ?? [],
      notes: [],
      error: pending.ok ? null : `the queue did not answer: ${pending.error}`,
      spotCostPerHour: spotCostPerHour(capacity, market.spotPrices, settings.onDemandPrices),
      interruptions: [],
    };
    const draining = drainingCapacity(settings.draining?.drainingInstances(name) ?? [], capacity, record);
    if (draining > 0) step.inputs.drainingCapacity = draining;
    const notices = heard.notices.filter((n) => n.workerType === name);
    if (notices.length > 0) {
      step.interruptions = interruptionRecords(notices);
      step.notes.push(...notices.map(noticeSentence));
    }
    const known = lastKnown.get(name);
    if (known?.ok) {
      step.inputs = addCapacity(step.inputs, known.capacity);
      step.notes.push(known.note);
    } else if (known) {
      step.error ??= known.error;
    }
    if (step.error === null && step.pendingTasks !== null) {
      step.planInput = {
        definition: record.definition,
        capacity: step.inputs,
        pendingTasks: step.pendingTasks,
        market,
        recentlyUnavailable: unavailable,
        now,
        ...(heard.rebalanceRecommended.length > 0 ? { rebalanceRecommended: heard.rebalanceRecommended } : {}),
        ...(heard.rates ? { interruptionRates: heard.rates } : {}),
      };
      if (settings.demand) {
        const { runningCapacity, pendingCapacity, requestedCapacity } = step.inputs;
        const observation = { at: now, pendingTasks: step.pendingTasks, runningCapacity, pendingCapacity: pendingCapacity + requestedCapacity };
        step.planInput.demand = settings.demand.contextFor(name, observation, capacity.instances);
        const launchAhead = settings.draining?.launchAheadOf?.(name);
        if (launchAhead !== undefined) step.planInput.demand.launchAhead = launchAhead;
      }
      step.firstRound = planRound(step.planInput, 0);
    }
    workerTypes.push(step);
  }
  return { failedRegions, cleanup, unavailablePools, visibleLaunches, byWorkerType, market, workerTypes };
}

/**
 * Per worker type, the capacity units of running instances EC2 has just said are going away
 * (absent when none). Counted once, in the iteration that hears it: that iteration launches the
 * replacement; later ones see the replacement as capacity and the instance as gone.
 */
function leavingCapacities(gathered: Gathered, notices: Heard['notices']): (workerType: string) => { leavingCapacity?: number } {
  const units = new Map<string, number>();
  const definitions = new Map(gathered.workerTypes.map((w) => [w.workerType, w.definition.instanceTypes]));
  for (const notice of notices) {
    if (!notice.stillRunning || notice.effect === 'recorded') continue;
    const capacity = capacityUnits([notice.instanceType], definitions.get(notice.workerType) ?? []);
    units.set(notice.workerType, (units.get(notice.workerType) ?? 0) + capacity);
  }
  return (workerType) => {
    const capacity = units.get(workerType);
    return capacity ? { leavingCapacity: capacity } : {};
  };
}

/** Capacity of the running instances scale-down is draining (quarantined at an earlier iteration). */
function drainingCapacity(ids: readonly string[], capacity: WorkerTypeCapacity, record: WorkerTypeRecord): number {
  if (ids.length === 0) return 0;
  const draining = new Set(ids);
  return capacityUnits(
    capacity.instances.filter((i) => i.state === 'running' && draining.has(i.instanceId)).map((i) => i.instanceType),
    record.definition.instanceTypes,
  );
}

function addCapacity(a: CapacityInputs, b: CapacityInputs): CapacityInputs {
  return {
    runningCapacity: a.runningCapacity + b.runningCapacity,
    pendingCapacity: a.pendingCapacity + b.pendingCapacity,
    requestedCapacity: a.requestedCapacity + b.requestedCapacity,
    ...(a.leavingCapacity ? { leavingCapacity: a.leavingCapacity } : {}),
    ...(a.drainingCapacity ? { drainingCapacity: a.drainingCapacity } : {}),
  };
}

const HOURS = (ms: number) => Math.round(ms / 3_600_000);
const MINUTES = (ms: number) => Math.round(ms / 60_000);

function terminationAction(t: Termination, maxInstanceLifeMs: number): CleanupAction {
  const detail =
    t.reason === 'rogue' ? 'the worker type no longer exists' : `the instance has run longer than the maximum instance life (${HOURS(maxInstanceLifeMs)} h)`;
  return { action: 'terminate', id: t.instanceId, region: t.region, reason: t.reason, detail };
}

function cancellationAction(c: Cancellation): CleanupAction {
  let detail = 'the worker type no longer exists';
  if (c.reason === 'stalled') {
    detail = c.statusCode
      ? `the spot request is stalled (EC2 status ${c.statusCode}) or open over ${MINUTES(STALLED_REQUEST_AGE_MS)} minutes`
      : `the spot request has been open over ${MINUTES(STALLED_REQUEST_AGE_MS)} minutes`;
  }
  return { action: 'cancel', id: c.requestId, region: c.region, reason: c.reason, detail };
}

function cleanupActionsByWorkerType(cleanup: CleanupDecision, maxInstanceLifeMs: number): Map<string, CleanupAction[]> {
  const byWorkerType = new Map<string, CleanupAction[]>();
  const add = (workerType: string, action: CleanupAction) => {
    const list = byWorkerType.get(workerType);
    if (list) list.push(action);
    else byWorkerType.set(workerType, [action]);
  };
  for (const c of cleanup.cancel) add(c.workerType, cancellationAction(c));
  for (const t of cleanup.terminate) add(t.workerType, terminationAction(t, maxInstanceLifeMs));
  return byWorkerType;
}

/** USD/h of an instance's pool now: its spot price, or the on-demand list price; undefined when unknown. */
export function instancePrice(
  instance: Pick<OwnedInstance, 'market' | 'region' | 'availabilityZone' | 'instanceType'>,
  spotPrices: SpotPriceIndex,
  onDemandPrices: readonly OnDemandPrice[],
): number | undefined {
  return instance.market === 'spot'
    ? spotPrices.get(instance.region, instance.availabilityZone, instance.instanceType)
    : onDemandPrices.find((p) => p.region === instance.region && p.instanceType === instance.instanceType)?.price;
}

/** Cost of running instances now: spot ones at their pool's spot price, on-demand ones at the list price; unknown prices count 0. */
function spotCostPerHour(capacity: WorkerTypeCapacity, spotPrices: SpotPriceIndex, onDemandPrices: readonly OnDemandPrice[]): number {
  let total = 0;
  for (const instance of capacity.instances) {
    if (instance.state !== 'running') continue;
    total += instancePrice(instance, spotPrices, onDemandPrices) ?? 0;
  }
  return Math.round(total * 1e6) / 1e6;
}
