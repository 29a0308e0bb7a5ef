/** What a run is made of, and its defaults (each one a named constant with its reason). */
import type { InterruptionPlacement } from '@spot-provisioner/provisioner';
import type { ClaimOrder } from './fleet';

/** The daemon's default ITERATION_SCHEDULE: every 30 s. */
export const DEFAULT_ITERATION_S = 30;
/** Taskcluster workers shut themselves down after this long without a task (docker-worker's and generic-worker's usual setting). */
export const DEFAULT_IDLE_TIMEOUT_S = 10 * 60;
/** A Linux spot instance is usually claiming work about three minutes after RunInstances. */
export const DEFAULT_BOOT_MEDIAN_S = 180;
/** Log-space spread of boot times: p95 ≈ 2× the median, the long tail of slow AMI pulls and cold EBS. */
export const DEFAULT_BOOT_SIGMA = 0.4;
/**
 * Spot interruptions per instance-hour when a pool names none: AWS's Spot Instance Advisor
 * puts most pools under 5% of instances interrupted per month; 0.002/h (≈ 4% of instances a day)
 * is deliberately pessimistic so re-queues show.
 */
export const DEFAULT_INTERRUPTIONS_PER_HOUR = 0.002;
/**
 * Which idle worker gets the next task. Taskcluster workers long-poll claimWork and every
 * waiting request races for each pending task, so the queue favours no worker: random. (Answering
 * the longest-idle worker first would touch every worker and keep a surplus fleet alive.)
 */
export const DEFAULT_CLAIM_ORDER: ClaimOrder = 'random';
/** After the trace ends, tasks still queued get this long to finish before the run stops. */
export const DRAIN_LIMIT_S = 6 * 3600;

export interface BootDistribution {
  medianS: number;
  sigma: number;
}

/** A window in which EC2 refuses launches in matching pools (absent fields match every pool). */
export interface CapacityShortage {
  fromS: number;
  toS: number;
  region?: string;
  availabilityZone?: string;
  instanceType?: string;
}

export interface InterruptionRate {
  perHour: number;
  region?: string;
  availabilityZone?: string;
  instanceType?: string;
}

/** A reclaim at one instant: every live spot instance in matching pools is interrupted. */
export interface PoolReclaim {
  atS: number;
  region?: string;
  availabilityZone?: string;
  instanceType?: string;
}

export interface SimulatedWorkerType {
  workerType: string;
  /** A worker type definition as the API accepts it. */
  definition: Record<string, unknown>;
  boot?: Partial<BootDistribution>;
}

export interface ScenarioOptions {
  seed: number;
  iterationS: number;
  /** First iteration at this second (0 ≤ phase < iterationS). */
  iterationPhaseS: number;
  idleTimeoutS: number;
  /** The run covers at least this long; arrivals after it are dropped. */
  horizonS: number;
  shortages: readonly CapacityShortage[];
  interruptions: readonly InterruptionRate[];
  defaultInterruptionsPerHour: number;
  reclaims: readonly PoolReclaim[];
  /** Which idle worker gets the next task (fleet.ts ClaimOrder). */
  claimOrder: ClaimOrder;
  /**
   * Whether the daemon has an interruption queue: 'off' (none: it learns of an interruption
   * when the instance is gone), or EC2's two-minute warnings delivered to its real intake with
   * placement by price alone ('price-only') or by the rates it learns ('learned').
   */
  interruptionHandling: 'off' | InterruptionPlacement;
}

export function matchesPool(
  rule: { region?: string; availabilityZone?: string; instanceType?: string },
  pool: { region: string; availabilityZone: string; instanceType: string },
): boolean {
  return (
    (rule.region === undefined || rule.region === pool.region) &&
    (rule.availabilityZone === undefined || rule.availabilityZone === pool.availabilityZone) &&
    (rule.instanceType === undefined || rule.instanceType === pool.instanceType)
  );
}

/**
 * Shortages every named run includes, in the pools placement prefers for the bundled worker
 * types (their cheapest), so refusals and the move to the next pool happen as in a real day:
 * the test pool during the morning, the Windows pool in the afternoon, a build pool at noon.
 */
export const DEFAULT_SHORTAGES: readonly CapacityShortage[] = [
  { fromS: 9 * 3600, toS: 11 * 3600, availabilityZone: 'us-east-2b', instanceType: 'm5.large' },
  { fromS: 11 * 3600, toS: 12 * 3600, availabilityZone: 'us-west-2d', instanceType: 'c6i.2xlarge' },
  { fromS: 14 * 3600, toS: 16 * 3600, availabilityZone: 'us-east-1c', instanceType: 'c5.4xlarge' },
];

/**
 * Interruption rates that differ between pools, as real spot markets' do: the pool each bundled
 * worker type's price-only placement prefers (its cheapest, where the default shortages strike
 * too) is interrupted at 0.2 per instance-hour, an instance's expected life 5 hours; every
 * other pool keeps the default 0.002. Where the figures come from: AWS recommends
 * price-capacity-optimized over lowest-price allocation because the lowest-priced pools are
 * the most contested and reclaimed most often; the Spot Instance Advisor's bands (< 5% … > 20%
 * of instances a month) are monthly averages that hide the spells a contested pool goes
 * through, which is what 0.2/h stands for. An engineering scenario, not a measurement: it makes
 * the tendency stark enough to measure what learned placement buys (`pnpm bench`, sim-interruptions).
 */
export const UNEVEN_INTERRUPTIONS: readonly InterruptionRate[] = [
  { availabilityZone: 'us-east-2b', instanceType: 'm5.large', perHour: 0.2 },
  { availabilityZone: 'us-west-2d', instanceType: 'c6i.2xlarge', perHour: 0.2 },
  { availabilityZone: 'us-east-1c', instanceType: 'c5.4xlarge', perHour: 0.2 },
];
