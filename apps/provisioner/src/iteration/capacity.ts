/**
 * Pure: what each worker type has, from what was gathered. Running capacity = running
 * instances; pending capacity = instances starting up + open spot requests + launches this
 * daemon submitted that EC2 does not show yet. Capacity is weighted by each instance type's
 * capacity (1 for a type the worker type no longer lists).
 */
import { capacityUnits, type InstanceTypeCapacity } from '@spot-provisioner/bidding';
import type { OwnedInstance, OwnedSpotRequest } from '../ec2/port';
import { workerTypeFromTag } from './ownership';

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
