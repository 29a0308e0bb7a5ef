/**
 * Pure: what each worker type has, from what was gathered. Running capacity = running
 * instances; pending capacity = instances starting up + open spot requests + launches this
 * daemon submitted that EC2 does not show yet. Capacity is weighted by each instance type's
 * capacity (1 for a type the worker type no longer lists). A region whose describe calls
 * failed counts with its last known capacity, from the worker type's last state snapshot.
 */
import { capacityUnits, type InstanceTypeCapacity } from '@spot-provisioner/bidding';
import type { WorkerStateSnapshot, WorkerTypeRecord } from '@spot-provisioner/model';
import type { CapacityInputs } from '@spot-provisioner/planner';
import { workerTypeFromTag, type OwnedInstance, type OwnedSpotRequest } from '../ec2/port';

/** A launch this daemon submitted (a Launches record), as far as capacity counting needs it. */
export interface TrackedLaunch {
  workerType: string;
  launchId: string;
  region: string;
  zone: string;
  instanceType: string;
  capacity: number;
  market: 'spot' | 'on-demand';
  clientToken: string;
  instanceIds?: string[] | undefined;
  spotRequestIds?: string[] | undefined;
  submittedAt: string;
}

export interface WorkerTypeCapacity {
  workerType: string;
  runningCapacity: number;
  /** Instances in state pending. */
  startingCapacity: number;
  /** Open spot requests. */
  requestedCapacity: number;
  /** Submitted launches EC2 does not show yet. */
  trackedCapacity: number;
  /**
   * starting + requested + tracked: capacity on its way. Not `pendingCapacity`, which in the
   * snapshot and the decision (the classic state summary) counts starting instances only.
   */
  arrivingCapacity: number;
  instances: OwnedInstance[];
  /** Open and active spot requests. */
  requests: OwnedSpotRequest[];
  trackedLaunches: TrackedLaunch[];
}

export interface CapacityInput {
  provisionerId: string;
  workerTypes: readonly { workerType: string; instanceTypes: readonly InstanceTypeCapacity[] }[];
  instances: readonly OwnedInstance[];
  spotRequests: readonly OwnedSpotRequest[];
  launches: readonly TrackedLaunch[];
  /** Regions whose describe calls succeeded; launches elsewhere cannot be confirmed and stay tracked. */
  describedRegions: ReadonlySet<string>;
  /** Instances and requests being terminated or cancelled this iteration: no longer capacity. */
  leaving: ReadonlySet<string>;
}

export interface CapacityResult {
  byWorkerType: Map<string, WorkerTypeCapacity>;
  /** Tracked launches EC2 now shows: their records can be deleted. */
  visibleLaunches: TrackedLaunch[];
}

export function summarizeCapacity(input: CapacityInput): CapacityResult {
  const byWorkerType = new Map<string, WorkerTypeCapacity>();
  const capacities = new Map<string, readonly InstanceTypeCapacity[]>();
  for (const { workerType, instanceTypes } of input.workerTypes) {
    capacities.set(workerType, instanceTypes);
    byWorkerType.set(workerType, {
      workerType,
      runningCapacity: 0,
      startingCapacity: 0,
      requestedCapacity: 0,
      trackedCapacity: 0,
      arrivingCapacity: 0,
      instances: [],
      requests: [],
      trackedLaunches: [],
    });
  }
  const units = (workerType: string, instanceType: string | undefined) =>
    capacityUnits([instanceType ?? ''], capacities.get(workerType) ?? []);

  const seenInstanceIds = new Set<string>();
  const seenClientTokens = new Set<string>();
  const seenRequestIds = new Set<string>();
  for (const instance of input.instances) {
    seenInstanceIds.add(instance.instanceId);
    if (instance.clientToken) seenClientTokens.add(instance.clientToken);
    const entry = entryFor(input.provisionerId, byWorkerType, instance.workerTypeTag);
    if (!entry || input.leaving.has(instance.instanceId)) continue;
    entry.instances.push(instance);
    const capacity = units(entry.workerType, instance.instanceType);
    if (instance.state === 'running') entry.runningCapacity += capacity;
    else entry.startingCapacity += capacity;
  }
  for (const request of input.spotRequests) {
    seenRequestIds.add(request.requestId);
    const entry = entryFor(input.provisionerId, byWorkerType, request.workerTypeTag);
    if (!entry || input.leaving.has(request.requestId)) continue;
    entry.requests.push(request);
    // an active request's capacity is its instance, counted above
    if (request.state === 'open') entry.requestedCapacity += units(entry.workerType, request.instanceType);
  }

  const visibleLaunches: TrackedLaunch[] = [];
  for (const launch of input.launches) {
    const visible =
      input.describedRegions.has(launch.region) &&
      (seenClientTokens.has(launch.clientToken) ||
        (launch.instanceIds ?? []).some((id) => seenInstanceIds.has(id)) ||
        (launch.spotRequestIds ?? []).some((id) => seenRequestIds.has(id)));
    if (visible) {
      visibleLaunches.push(launch);
      continue;
    }
    const entry = byWorkerType.get(launch.workerType);
    if (!entry) continue;
    entry.trackedLaunches.push(launch);
    entry.trackedCapacity += launch.capacity;
  }
  for (const entry of byWorkerType.values()) {
    entry.arrivingCapacity = entry.startingCapacity + entry.requestedCapacity + entry.trackedCapacity;
  }
  return { byWorkerType, visibleLaunches };
}

function entryFor(
  provisionerId: string,
  byWorkerType: Map<string, WorkerTypeCapacity>,
  tag: string | undefined,
): WorkerTypeCapacity | undefined {
  const workerType = workerTypeFromTag(provisionerId, tag);
  return workerType === undefined ? undefined : byWorkerType.get(workerType);
}

/**
 * How old a snapshot may be to stand for a failed region. Snapshots are rewritten at least
 * every few minutes; beyond half an hour instances there have likely finished or been
 * replaced, and planning on such a guess could overshoot maxCapacity.
 */
export const LAST_KNOWN_CAPACITY_MAX_AGE_MS = 30 * 60_000;

export type LastKnownCapacity = { ok: true; capacity: CapacityInputs; note: string } | { ok: false; error: string };

/**
 * For each worker type spanning a failed region: that region's capacity from its last state
 * snapshot, so a one-region outage does not starve a worker type that spans healthy regions too.
 */
export function lastKnownCapacities(
  workerTypes: readonly WorkerTypeRecord[],
  failedRegions: readonly string[],
  snapshots: readonly WorkerStateSnapshot[],
  now: number,
): Map<string, LastKnownCapacity> {
  const byWorkerType = new Map(snapshots.map((s) => [s.workerType, s]));
  const out = new Map<string, LastKnownCapacity>();
  for (const { workerType, definition } of workerTypes) {
    const failedHere = definition.regions.map((r) => r.region).filter((r) => failedRegions.includes(r));
    if (failedHere.length > 0) out.set(workerType, lastKnownCapacity(byWorkerType.get(workerType), failedHere, now));
  }
  return out;
}

export function lastKnownCapacity(
  snapshot: WorkerStateSnapshot | undefined,
  failedRegions: readonly string[],
  now: number,
): LastKnownCapacity {
  const regions = failedRegions.join(', ');
  const ageMs = snapshot ? now - Date.parse(snapshot.updatedAt) : Number.POSITIVE_INFINITY;
  if (!snapshot || !(ageMs <= LAST_KNOWN_CAPACITY_MAX_AGE_MS)) {
    return {
      ok: false,
      error:
        `capacity in ${regions} is unknown: the region failed this iteration and no state snapshot from the last ` +
        `${LAST_KNOWN_CAPACITY_MAX_AGE_MS / 60_000} minutes exists; not launching`,
    };
  }
  const inFailed = (entry: { region: string }) => failedRegions.includes(entry.region);
  const capacity: CapacityInputs = { runningCapacity: 0, pendingCapacity: 0, requestedCapacity: 0 };
  for (const instance of snapshot.instances.filter(inFailed)) {
    if (instance.state === 'running') capacity.runningCapacity += instance.capacity;
    else capacity.pendingCapacity += instance.capacity;
  }
  // submitted launches there stay in the Launches table and are counted already
  for (const request of snapshot.requests.filter(inFailed)) {
    if (request.state === 'open') capacity.requestedCapacity += request.capacity;
  }
  return {
    ok: true,
    capacity,
    note:
      `${regions} failed this iteration: its last known capacity (${capacity.runningCapacity} running, ` +
      `${capacity.pendingCapacity} starting, ${capacity.requestedCapacity} requested, from the snapshot of ${snapshot.updatedAt}) ` +
      'is used, and launches go to the healthy regions.',
  };
}
