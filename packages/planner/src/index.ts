/**
 * @spot-provisioner/planner: the pure decision for one worker type (definition, capacity,
 * pending tasks, prices and zones → WorkerTypeDecision with its reasons), shared by the
 * daemon's `decide` and the API's plan preview. No AWS SDK, no clock, no logger.
 */
export { CLASSIC_POLICY, demandChange, type CapacityInputs, type Demand, type DemandContext, type DemandInput } from './demand';
export { planRound, plannedLaunches, consideredPools, type MarketView, type RoundPlan, type WorkerTypePlanInput } from './round';
export { groupRejections, poolName, describeGroups } from './rejections';
export { assembleDecision, previewDecision, explainChange, MAX_DECISION_LIST, type DecisionParts } from './decision';
export { planPreview, marketView, type PreviewSources } from './preview';
export { decideDrains, drainIdleMinimumMs, CLAIM_POLL_MS, type DrainInput, type DrainInstance, type QueueView, type QuarantineView } from './drain';
export { scaleDownSettings, bootMargin, drainBudget, type ScaleDownSettings } from './scale-down-settings';
