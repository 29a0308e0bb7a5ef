/**
 * The demand side of a plan as a named policy: how many capacity units to add, from what the
 * daemon observes (the queue's pending count, running and pending capacity) now and at its
 * earlier iterations. Pure: plain data in, plain data out.
 */
import type { DemandPolicyName } from '@spot-provisioner/model';
import type { CapacityChange, CapacityChangeInput } from '../types';

/** The names a worker type definition may give in its `policy` field (defined with the definition's schema). */
export type { DemandPolicyName };
export const CLASSIC: DemandPolicyName = 'classic';
export const DEFAULT_DEMAND_POLICY: DemandPolicyName = CLASSIC;

/** What the daemon saw for one worker type at one iteration. */
export interface DemandObservation {
  /** Epoch milliseconds. */
  at: number;
  pendingTasks: number;
  runningCapacity: number;
  pendingCapacity: number;
  /**
   * Tasks workers claimed since the previous observation, counted from the queue's worker list
   * (a worker whose latest task changed); only known for worker types with scale-down enabled.
   */
  claimed?: number;
  /** Capacity of instances the queue showed running a task (with `claimed`: scale-down reads it). */
  busyCapacity?: number;
}

export interface DemandPolicyInput extends CapacityChangeInput {
  /** Epoch milliseconds of this iteration. */
  now: number;
  /** This worker type's earlier observations, oldest first (empty after a restart). */
  history: readonly DemandObservation[];
  /** How long this worker type's instances took from launch to running, as the daemon saw it (absent until measured). */
  observedBootMs?: number;
}

export interface DemandDecision extends CapacityChange {
  policy: DemandPolicyName;
  /** The figures the policy estimated, for the decision record and logs. */
  estimates: Readonly<Record<string, number>>;
}

export interface DemandPolicy {
  readonly name: DemandPolicyName;
  decide(input: DemandPolicyInput): DemandDecision;
}
