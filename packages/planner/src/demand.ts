/**
 * The demand seam: how much capacity a worker type wants now. Every plan (daemon and API
 * preview) gets its capacity change from `demandChange` only, so a named demand policy can
 * replace `classic` here without touching the rest of the planner.
 */
import { capacityChange, type CapacityChange } from '@spot-provisioner/bidding';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';

/** The AWS Provisioner's documented behaviour (bidding's capacityChange). */
export const CLASSIC_POLICY = 'classic';

/** A worker type's capacity as the decision reports it. */
export interface CapacityInputs {
  runningCapacity: number;
  /** Instances starting up. */
  pendingCapacity: number;
  /** Open spot requests and submitted launches EC2 does not show yet. */
  requestedCapacity: number;
}

export interface DemandInput {
  definition: Pick<WorkerTypeDefinition, 'scalingRatio' | 'minCapacity' | 'maxCapacity'>;
  capacity: CapacityInputs;
  pendingTasks: number;
  /** Capacity launched earlier in this iteration (a re-plan round): counts as pending. */
  alreadyLaunched: number;
}

export interface Demand {
  policy: string;
  change: CapacityChange;
}

export function demandChange(input: DemandInput): Demand {
  const { definition, capacity } = input;
  return {
    policy: CLASSIC_POLICY,
    change: capacityChange({
      runningCapacity: capacity.runningCapacity,
      pendingCapacity: capacity.pendingCapacity + capacity.requestedCapacity + input.alreadyLaunched,
      pendingTasks: input.pendingTasks,
      scalingRatio: definition.scalingRatio,
      minCapacity: definition.minCapacity,
      maxCapacity: definition.maxCapacity,
    }),
  };
}
