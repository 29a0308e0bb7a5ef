/**
 * Pure cleanup decisions over one gathered region: which instances to terminate and which
 * spot requests to cancel, each with its reason. Resources without this provisioner's
 * WorkerType tag are never touched.
 */
import { workerTypeFromTag, type OwnedInstance, type OwnedSpotRequest } from '../ec2/port';

/** A spot request open this long is not going to be fulfilled soon; cancel it and launch elsewhere. */
export const STALLED_REQUEST_AGE_MS = 20 * 60_000;

/**
 * Spot request status codes (EC2's words) after which the request will not be fulfilled soon.
 * The first three also say the pool lacks capacity or price, so the pool is avoided for a while.
 */
export const POOL_UNAVAILABLE_STATUS_CODES = ['capacity-not-available', 'capacity-oversubscribed', 'price-too-low'] as const;
export const STALLED_STATUS_CODES: readonly string[] = [
  ...POOL_UNAVAILABLE_STATUS_CODES,
  'launch-group-constraint',
  'az-group-constraint',
  'placement-group-constraint',
  'constraint-not-fulfillable',
  'bad-parameters',
  'schedule-expired',
];

export type TerminateReason = 'rogue' | 'zombie';
export type CancelReason = 'rogue' | 'stalled';

export interface Termination {
  region: string;
  instanceId: string;
  workerType: string;
  reason: TerminateReason;
}

export interface Cancellation {
  region: string;
  requestId: string;
  workerType: string;
  reason: CancelReason;
  statusCode: string | undefined;
  /** The pool, when the status says it lacks capacity or price. */
  unavailablePool: { availabilityZone: string; instanceType: string } | undefined;
}

export interface CleanupInput {
  provisionerId: string;
  /** Names of the worker types that exist now. */
  workerTypes: ReadonlySet<string>;
  instances: readonly OwnedInstance[];
  spotRequests: readonly OwnedSpotRequest[];
  /** Epoch milliseconds. */
  now: number;
  maxInstanceLifeMs: number;
}

export interface CleanupDecision {
  terminate: Termination[];
  cancel: Cancellation[];
}

export function decideCleanup(input: CleanupInput): CleanupDecision {
  const terminate: Termination[] = [];
  const cancel: Cancellation[] = [];
  for (const instance of input.instances) {
    const workerType = workerTypeFromTag(input.provisionerId, instance.workerTypeTag);
    if (workerType === undefined) continue;
    const { region, instanceId } = instance;
    if (!input.workerTypes.has(workerType)) terminate.push({ region, instanceId, workerType, reason: 'rogue' });
    else if (input.now - instance.launchTime > input.maxInstanceLifeMs) {
      terminate.push({ region, instanceId, workerType, reason: 'zombie' });
    }
  }
  for (const request of input.spotRequests) {
    const workerType = workerTypeFromTag(input.provisionerId, request.workerTypeTag);
    if (workerType === undefined) continue;
    const base = { region: request.region, requestId: request.requestId, workerType, statusCode: request.statusCode };
    if (!input.workerTypes.has(workerType)) {
      if (request.state === 'open' || request.state === 'active') cancel.push({ ...base, reason: 'rogue', unavailablePool: undefined });
    } else if (request.state === 'open' && isStalled(request, input.now)) {
      cancel.push({ ...base, reason: 'stalled', unavailablePool: poolLacking(request) });
    }
  }
  return { terminate, cancel };
}

function isStalled(request: OwnedSpotRequest, now: number): boolean {
  return now - request.createTime > STALLED_REQUEST_AGE_MS || STALLED_STATUS_CODES.includes(request.statusCode ?? '');
}

function poolLacking(request: OwnedSpotRequest): Cancellation['unavailablePool'] {
  const code = request.statusCode ?? '';
  if (!(POOL_UNAVAILABLE_STATUS_CODES as readonly string[]).includes(code)) return undefined;
  if (!request.availabilityZone || !request.instanceType) return undefined;
  return { availabilityZone: request.availabilityZone, instanceType: request.instanceType };
}
