/**
 * What a pool's spot interruptions cost, learned from what the daemon observed (pure): each
 * pool's record (packages/model's PoolRisk: interruptions seen and instance-hours run there,
 * both decaying with a half-life) gives a rate per instance-hour, their ratio smoothed toward a
 * prior so a pool seen for an hour is not judged on one event. Placement's `interruption-risk`
 * score turns the rate into a penalty on price per utility: price ÷ utility × (1 + rate ×
 * expected lost work).
 */
import type { InterruptionRateLookup } from './types';

/** A pool's record as its reader decayed it to now (the shape of packages/model's PoolInterruptionStats). */
export interface PoolExposure {
  readonly interruptions: number;
  readonly instanceHours: number;
}

/**
 * The rate a pool is assumed to have before it has a record: AWS's Spot Instance Advisor puts
 * most pools under 5% of instances interrupted a month; 0.002 per instance-hour (the simulator's
 * default) is deliberately on the pessimistic side of that.
 */
export const PRIOR_INTERRUPTIONS_PER_HOUR = 0.002;
/** The prior weighs as much as this many instance-hours: a day of one instance, so a pool's own record outweighs it within hours of real use. */
export const PRIOR_INSTANCE_HOURS = 24;
/**
 * Instance-hours of work an interruption costs: the run of the tasks on the instance so far (a
 * CI task of up to an hour, half done on average), the replacement's boot, and the re-run's
 * second wait in the queue, a delay the whole push feels and worth more than the compute: an
 * hour in all. A rate of 0.1 per hour thus costs 10% on the price. (The simulator's
 * sim-interruptions bench measures the trade; see apps/simulator/README.md.)
 */
export const EXPECTED_LOST_WORK_HOURS = 1;

/** Interruptions per instance-hour of a record decayed to now: (seen + prior) ÷ (hours + prior hours). */
export function interruptionRate(stats: PoolExposure | undefined): number {
  const { interruptions, instanceHours } = stats ?? { interruptions: 0, instanceHours: 0 };
  return (interruptions + PRIOR_INTERRUPTIONS_PER_HOUR * PRIOR_INSTANCE_HOURS) / (instanceHours + PRIOR_INSTANCE_HOURS);
}

/** The fraction added to a pool's price per utility: rate × expected lost work. */
export function riskPenalty(ratePerHour: number, expectedLostWorkHours = EXPECTED_LOST_WORK_HOURS): number {
  return ratePerHour * expectedLostWorkHours;
}

export interface PoolRate {
  region: string;
  availabilityZone: string;
  instanceType: string;
  /** Interruptions per instance-hour. */
  rate: number;
}

/**
 * Learned rates by pool (region → zone → type), built once per iteration and shared by every
 * plan; a pool without a record has the prior rate.
 */
export class InterruptionRateIndex implements InterruptionRateLookup {
  private readonly byRegion = new Map<string, Map<string, Map<string, number>>>();

  constructor(
    rates: readonly PoolRate[],
    readonly defaultRate = PRIOR_INTERRUPTIONS_PER_HOUR,
  ) {
    for (const { region, availabilityZone, instanceType, rate } of rates) {
      let byZone = this.byRegion.get(region);
      if (byZone === undefined) this.byRegion.set(region, (byZone = new Map()));
      let byType = byZone.get(availabilityZone);
      if (byType === undefined) byZone.set(availabilityZone, (byType = new Map()));
      byType.set(instanceType, rate);
    }
  }

  rateOf(region: string, zone: string, instanceType: string): number {
    return this.byRegion.get(region)?.get(zone)?.get(instanceType) ?? this.defaultRate;
  }
}

/** The rates of every recorded pool (records decayed to now by their reader). */
export function indexInterruptionRates(records: readonly (PoolExposure & { region: string; availabilityZone: string; instanceType: string })[]): InterruptionRateIndex {
  return new InterruptionRateIndex(records.map((r) => ({ region: r.region, availabilityZone: r.availabilityZone, instanceType: r.instanceType, rate: interruptionRate(r) })));
}
