/** @spot-provisioner/bidding: the pure capacity and utility-factor optimizer. */
export type * from './types';
export { InvalidBiddingInputError, isInvalidBiddingInputError } from './errors';
export { capacityChange, capacityUnits, UNKNOWN_INSTANCE_TYPE_CAPACITY } from './capacity';
export { highestSpotPrices, LINUX_PRODUCT_DESCRIPTIONS } from './spot-price-history';
export {
  planPlacement,
  DEFAULT_TOLERANCE,
  DEFAULT_HARD_CEILING,
  DEFAULT_SEED,
  DEFAULT_MAX_LAUNCHES_PER_POOL,
  DEFAULT_CAN_USE_SPOT,
  DEFAULT_CAN_USE_ONDEMAND,
  DEFAULT_CONSIDERED_POOLS,
} from './placement';
export { PLACEMENT_FILTER_ORDER } from './filters';
export { SCORE_NAMES, INTERRUPTION_RISK_SCORE, type ScoreName } from './scores';
export {
  interruptionRate,
  riskPenalty,
  indexInterruptionRates,
  InterruptionRateIndex,
  PRIOR_INTERRUPTIONS_PER_HOUR,
  PRIOR_INSTANCE_HOURS,
  EXPECTED_LOST_WORK_HOURS,
  type PoolExposure,
  type PoolRate,
} from './interruption-risk';
export { indexSpotPrices, SpotPriceIndex } from './price-index';
export { seededRandom } from './random';
export * from './policies';
export * from './scale-down';
