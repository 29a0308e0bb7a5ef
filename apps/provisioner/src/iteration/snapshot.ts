/** Pure: the WorkerState snapshot the API's `state` and summaries read. */
import { capacityUnits } from '@spot-provisioner/bidding';
import type { InstanceEntry, RequestEntry, WorkerStateSnapshot, WorkerTypeDefinition } from '@spot-provisioner/model';
import type { OwnedInstance, OwnedSpotRequest } from '../ec2/port';
import type { TrackedLaunch, WorkerTypeCapacity } from './capacity';

/** EC2 sometimes omits a field the snapshot schema requires; this fills it visibly. */
const UNKNOWN = 'unknown';

/** USD/h of an instance's pool now; undefined when unknown. */
export type InstancePriceOf = (instance: OwnedInstance) => number | undefined;

export function buildSnapshot(
  workerType: string,
  definition: WorkerTypeDefinition,
  capacity: WorkerTypeCapacity,
  submitted: readonly TrackedLaunch[],
  now: Date,
  priceOf: InstancePriceOf = () => undefined,
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
