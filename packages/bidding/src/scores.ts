/**
 * Named scores of the placement chain: after the filters, each usable pool gets the score
 * allocation ranks by. One score today, `interruption-risk`: a spot pool's price per utility
 * raised by its learned interruption rate × the work an interruption loses. Without learned
 * rates (price-only placement) and on-demand, the score is the price per utility.
 */
import { EXPECTED_LOST_WORK_HOURS, riskPenalty } from './interruption-risk';
import type { UsablePool } from './pools';
import type { InterruptionRateLookup } from './types';

export const SCORE_NAMES = ['interruption-risk'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];

export interface ScoreContext {
  interruptionRates: InterruptionRateLookup | undefined;
  expectedLostWorkHours: number;
}

export interface PoolScore {
  name: ScoreName;
  /** Sets the pool's score (and the parts a decision shows). */
  apply(pool: UsablePool, context: ScoreContext): void;
}

export const INTERRUPTION_RISK_SCORE: PoolScore = {
  name: 'interruption-risk',
  apply(pool, context) {
    if (pool.market !== 'spot' || context.interruptionRates === undefined) {
      pool.interruptionRate = null;
      pool.riskPenalty = 0;
      pool.score = pool.pricePerUtility;
      return;
    }
    const rate = context.interruptionRates.rateOf(pool.region, pool.availabilityZone, pool.instanceType);
    pool.interruptionRate = rate;
    pool.riskPenalty = riskPenalty(rate, context.expectedLostWorkHours);
    pool.score = pool.pricePerUtility * (1 + pool.riskPenalty);
  },
};

/** Scores every usable pool in place (they are this plan's own candidate objects). */
export function scorePools(pools: readonly UsablePool[], context: ScoreContext): void {
  for (const pool of pools) INTERRUPTION_RISK_SCORE.apply(pool, context);
}

export function scoreContext(interruptionRates: InterruptionRateLookup | undefined, expectedLostWorkHours = EXPECTED_LOST_WORK_HOURS): ScoreContext {
  return { interruptionRates, expectedLostWorkHours };
}
