/**
 * The demand seam: how much capacity a worker type wants now. Every plan (daemon and API
 * preview) gets its capacity change from `demandChange` only: the worker type's named demand
 * policy (packages/bidding/src/policies; `classic` when the definition names none), given what
 * the daemon remembers of this worker type (absent in a preview: then every policy decides
 * from the present alone, and lookahead is classic).
 */
import {
  CLASSIC,
  demandPolicy,
  type CapacityChange,
  type DemandObservation,
  type DemandPolicy,
} from '@spot-provisioner/bidding';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';
import { bootMargin, scaleDownSettings } from './scale-down-settings';

/** The AWS Provisioner's documented behaviour (bidding's capacityChange). */
export const CLASSIC_POLICY = CLASSIC;

/** A worker type's capacity as the decision reports it. */
export interface CapacityInputs {
  runningCapacity: number;
  /** Instances starting up. */
  pendingCapacity: number;
  /** Open spot requests and submitted launches EC2 does not show yet. */
  requestedCapacity: number;
  /**
   * Running capacity EC2 has just said is going away (an interruption warning, or a rebalance
   * recommendation the worker type acts on), not counted as running: its tasks (running
   * capacity is assumed busy) will be back in the queue within minutes, so they count as
   * pending, once, in the iteration that hears it.
   */
  leavingCapacity?: number;
  /**
   * Idle running capacity this daemon quarantined to drain (scale-down): pending tasks are
   * served by lifting those quarantines before anything is launched for them.
   */
  drainingCapacity?: number;
}

/** What the daemon remembers of a worker type between iterations, for its demand policy. */
export interface DemandContext {
  /** Earlier observations, oldest first. */
  history: readonly DemandObservation[];
  /** The boot time the daemon measured for the worker type, if any. */
  observedBootMs?: number;
  /** A policy standing in for the named one (the simulator's sweeps of settings). */
  variant?: DemandPolicy;
  /** Scale-down's launch-ahead: capacity for a share of the tasks expected over one boot (its last forecast). */
  launchAhead?: number;
}

export interface DemandInput {
  definition: Pick<WorkerTypeDefinition, 'scalingRatio' | 'minCapacity' | 'maxCapacity' | 'policy' | 'scaleDown'>;
  capacity: CapacityInputs;
  pendingTasks: number;
  /** Capacity launched earlier in this iteration (a re-plan round): counts as pending. */
  alreadyLaunched: number;
  /** Epoch milliseconds of the plan. */
  now: number;
  context?: DemandContext;
}

export interface Demand {
  policy: string;
  change: CapacityChange;
  /** What the policy estimated (empty for classic), for logs and the decision's readers. */
  estimates: Readonly<Record<string, number>>;
  /**
   * Capacity asked beyond the pending tasks while some are pending: scale-down's boot margin, the
   * larger of its share of the pending tasks and its launch-ahead (0 with scale-down off).
   */
  bootMargin: number;
}

export function demandChange(input: DemandInput): Demand {
  const { definition, capacity, context } = input;
  const named = demandPolicy(definition.policy);
  const variant = context?.variant;
  const policy = variant !== undefined && variant.name === named.name ? variant : named;
  // pending tasks that lifting a drain serves need no launch; the rest get scale-down's boot margin
  const pending = Math.max(0, input.pendingTasks - (capacity.drainingCapacity ?? 0));
  const margin = bootMargin(scaleDownSettings(definition.scaleDown), pending, context?.launchAhead ?? 0);
  const { policy: name, estimates, ...change } = policy.decide({
    runningCapacity: capacity.runningCapacity,
    pendingCapacity: capacity.pendingCapacity + capacity.requestedCapacity + input.alreadyLaunched,
    pendingTasks: pending + margin + (capacity.leavingCapacity ?? 0),
    scalingRatio: definition.scalingRatio,
    minCapacity: definition.minCapacity,
    maxCapacity: definition.maxCapacity,
    now: input.now,
    history: context?.history ?? [],
    ...(context?.observedBootMs === undefined ? {} : { observedBootMs: context.observedBootMs }),
  });
  return { policy: name, change, estimates, bootMargin: margin };
}
