/**
 * What the daemon decided for one worker type in one iteration, and why: the value an
 * operator reads (API `decision`, console, CLI) to learn why a worker type is short.
 * Recorded per worker type (the last one) and derived for plan previews by the same code.
 */
import { z } from 'zod';
import { IsoDateTimeSchema, WorkerTypeNameSchema } from './identifiers';
import { MarketSchema } from './launch';
import { WorkerTypeStateResponseSchema } from './worker-state';

/** The placement filters of packages/bidding, in the order they run. */
export const PlacementFilterSchema = z
  .enum([
    'region-not-managed',
    'zone-unknown',
    'zone-not-configured',
    'zone-not-available',
    'recently-unavailable',
    'rebalance-recommended',
    'no-price',
    'above-max-price',
    'above-ceiling',
  ])
  .meta({ id: 'PlacementFilter' });

const PoolFields = {
  market: MarketSchema,
  region: z.string().min(1),
  availabilityZone: z.string().min(1),
  instanceType: z.string().min(1),
};

export const DecisionInputsSchema = z
  .strictObject({
    /** null when the queue did not answer. */
    pendingTasks: z.int().min(0).nullable(),
    runningCapacity: z.int().min(0),
    pendingCapacity: z.int().min(0).describe('Capacity of instances starting up'),
    requestedCapacity: z.int().min(0).describe('Capacity of open spot requests and submitted launches'),
    /** Running capacity EC2 said is going away (not counted as running; its tasks count as pending). Absent when none. */
    leavingCapacity: z.int().min(0).optional(),
    scalingRatio: z.number().min(0),
    minCapacity: z.int().min(0),
    maxCapacity: z.int().min(0),
    /** The demand policy that computed the change (`classic` unless the definition names another). */
    policy: z.string().min(1),
    /** Idle capacity quarantined to drain (scale-down): pending tasks lift those quarantines before anything launches. */
    drainingCapacity: z.int().min(0).optional(),
    /** Capacity asked beyond the pending tasks (scale-down's boot margin): the first instances up take the tasks, the rest are drained. */
    bootMargin: z.int().min(0).optional(),
  })
  .meta({ id: 'DecisionInputs' });
export type DecisionInputs = z.infer<typeof DecisionInputsSchema>;

export const CapacityDecisionSchema = z
  .strictObject({
    /** Capacity units to add (negative: surplus, reported, never a kill order). */
    change: z.int(),
    /** The change before min/max clipped it. */
    unboundedChange: z.int(),
    bounded: z.enum(['min', 'max']).nullable().describe('Which bound clipped the change, if any'),
    /** The most a placement may add: maxCapacity − running − pending − requested, ≥ 0. */
    headroom: z.int().min(0),
    /** One sentence: how the change follows from the inputs. */
    explanation: z.string(),
  })
  .meta({ id: 'CapacityDecision' });
export type CapacityDecision = z.infer<typeof CapacityDecisionSchema>;

export const PlannedLaunchSchema = z
  .strictObject({
    ...PoolFields,
    capacity: z.int().min(1),
    utility: z.number().positive(),
    /** USD/h now in this pool's market. */
    price: z.number().min(0),
    pricePerUtility: z.number().min(0),
    /** USD/h submitted as the spot max price (the on-demand price for on-demand). */
    maxPrice: z.number().min(0),
    /** How many instances of this pool (a plan may launch several in one pool). */
    count: z.int().min(1),
    /** The pool's learned spot interruptions per instance-hour; null or absent when placement was price-only. */
    interruptionRate: z.number().min(0).nullable().optional(),
    /** rate × expected lost work: the fraction added to the price per utility when ranking. */
    riskPenalty: z.number().min(0).optional(),
  })
  .meta({ id: 'PlannedLaunch' });

/** A pool placement weighed in a round (it passed every filter), with its score's parts. */
export const ConsideredPoolSchema = z
  .strictObject({
    ...PoolFields,
    /** USD/h now in this pool's market. */
    price: z.number().min(0),
    pricePerUtility: z.number().min(0),
    /** Learned spot interruptions per instance-hour; null when placement was price-only (or on-demand). */
    interruptionRate: z.number().min(0).nullable(),
    /** interruptionRate × expected lost work (0 without a rate). */
    riskPenalty: z.number().min(0),
    /** pricePerUtility × (1 + riskPenalty): what placement ranked by, lowest first. */
    score: z.number().min(0),
    /** Instances this round launches here. */
    launches: z.int().min(0),
  })
  .meta({ id: 'ConsideredPool' });
export type ConsideredPool = z.infer<typeof ConsideredPoolSchema>;
export type PlannedLaunch = z.infer<typeof PlannedLaunchSchema>;

/** Bounded list of example pools per filter: a decision must fit one DynamoDB item (400 KB). */
export const MAX_REJECTION_EXAMPLES = 5;

export const RejectionGroupSchema = z
  .strictObject({
    filter: PlacementFilterSchema,
    /** How many pools this filter refused. */
    count: z.int().min(1),
    /** One sentence about the group, e.g. "no spot price is known for 4 pools". */
    summary: z.string(),
    examples: z
      .array(
        z.strictObject({
          market: MarketSchema,
          region: z.string().min(1),
          availabilityZone: z.string().min(1).nullable(),
          instanceType: z.string().min(1),
          reason: z.string(),
        }),
      )
      .max(MAX_REJECTION_EXAMPLES),
  })
  .meta({ id: 'RejectionGroup' });
export type RejectionGroup = z.infer<typeof RejectionGroupSchema>;

export const CleanupActionSchema = z
  .strictObject({
    action: z.enum(['terminate', 'cancel']),
    /** Instance id or spot request id. */
    id: z.string().min(1),
    region: z.string().min(1),
    reason: z.enum(['rogue', 'zombie', 'stalled']),
    /** One sentence, e.g. "the worker type no longer exists". */
    detail: z.string(),
  })
  .meta({ id: 'CleanupAction' });
export type CleanupAction = z.infer<typeof CleanupActionSchema>;

export const LaunchOutcomeSchema = z
  .strictObject({
    ...PoolFields,
    round: z.int().min(0),
    outcome: z.enum(['submitted', 'refused', 'error', 'skipped']),
    instanceId: z.string().min(1).optional(),
    /** EC2's error code for refused/error (e.g. InsufficientInstanceCapacity). */
    code: z.string().optional(),
    message: z.string().optional(),
  })
  .meta({ id: 'LaunchOutcome' });
export type LaunchOutcome = z.infer<typeof LaunchOutcomeSchema>;

/** One planning round: the first plan, then one per re-plan after capacity refusals. */
export const PlanRoundSchema = z
  .strictObject({
    round: z.int().min(0),
    launches: z.array(PlannedLaunchSchema),
    placedCapacity: z.int().min(0),
    unmet: z.int().min(0),
    rejected: z.array(RejectionGroupSchema),
    /** Every pool placement weighed, best score first (at most 100; a note counts the rest). Absent in decisions recorded before scores were shown. */
    pools: z.array(ConsideredPoolSchema).optional(),
  })
  .meta({ id: 'PlanRound' });
export type PlanRound = z.infer<typeof PlanRoundSchema>;

/** What EC2 told the daemon about one of the worker type's instances this iteration. */
export const InterruptionRecordSchema = z
  .strictObject({
    instanceId: z.string().min(1),
    region: z.string().min(1),
    availabilityZone: z.string().min(1),
    instanceType: z.string().min(1),
    kind: z.enum(['spot-interruption', 'rebalance-recommendation', 'state-change']),
    /** The state a state-change event named (shutting-down, terminated, stopping, stopped). */
    state: z.string().optional(),
    /** When EC2 emitted the event. */
    at: IsoDateTimeSchema,
    /** capacity-gone: counted as gone at once (replaced by this plan); replaced-proactively: a rebalance recommendation the worker type acts on; recorded: noted only. */
    effect: z.enum(['capacity-gone', 'replaced-proactively', 'recorded']),
  })
  .meta({ id: 'InterruptionRecord' });
export type InterruptionRecord = z.infer<typeof InterruptionRecordSchema>;

export const UnmetSchema = z
  .strictObject({
    capacity: z.int().min(1),
    /** One sentence naming the pools and filters that left it unmet. */
    reason: z.string(),
  })
  .meta({ id: 'Unmet' });
export type Unmet = z.infer<typeof UnmetSchema>;

/** Why an idle-looking instance was not drained (or a drain was called off). */
export const DrainRefusalSchema = z
  .enum(['busy', 'recently-idle', 'keep-warm', 'budget', 'min-capacity', 'pending-tasks', 'unknown', 'booting', 'quarantined-elsewhere', 'no-forecast', 'settling'])
  .meta({ id: 'DrainRefusal' });
export type DrainRefusal = z.infer<typeof DrainRefusalSchema>;

export const DrainActionSchema = z
  .strictObject({
    instanceId: z.string().min(1),
    region: z.string().min(1),
    /** quarantine: step one (no new claims); terminate: step two, still idle with no claim since; lift: the drain is called off. */
    action: z.enum(['quarantine', 'terminate', 'lift']),
    capacity: z.int().min(1),
    /** One sentence, e.g. "idle 6 min, queue empty, 0.3 tasks expected over the next 3-minute boot". */
    reason: z.string(),
  })
  .meta({ id: 'DrainAction' });
export type DrainAction = z.infer<typeof DrainActionSchema>;

export const KeptInstanceSchema = z
  .strictObject({
    instanceId: z.string().min(1),
    region: z.string().min(1),
    reason: DrainRefusalSchema,
    detail: z.string(),
  })
  .meta({ id: 'KeptInstance' });
export type KeptInstance = z.infer<typeof KeptInstanceSchema>;

/** Scale-down's part of a decision (worker types with `scaleDown` enabled). */
export const ScaleDownDecisionSchema = z
  .strictObject({
    /** Idle capacity units the queue showed (not quarantined). */
    idleCapacity: z.int().min(0),
    /** Capacity units the forecast keeps warm (never letting the worker type below minCapacity). */
    keepWarmCapacity: z.int().min(0),
    /** Tasks expected over one boot; null when there is not yet enough history to forecast. */
    expectedArrivals: z.number().min(0).nullable(),
    bootSeconds: z.number().min(0),
    /** Instances that may be draining at once. */
    budget: z.int().min(1),
    /** One sentence: what was kept warm and why, what was drained. */
    explanation: z.string(),
    actions: z.array(DrainActionSchema),
    kept: z.array(KeptInstanceSchema),
  })
  .meta({ id: 'ScaleDownDecision' });
export type ScaleDownDecision = z.infer<typeof ScaleDownDecisionSchema>;

/**
 * met: the change is fully placed (or nothing was needed); capped: placed, but maxCapacity
 * cut the change while tasks still want capacity (raise maxCapacity or wait); unmet:
 * capacity was wanted and not placed; error: this worker type failed this iteration
 * (queue, EC2, ...).
 */
export const DecisionStatusSchema = z
  .enum(['met', 'capped', 'unmet', 'error'])
  .meta({ id: 'DecisionStatus', description: 'met, capped (at maxCapacity with tasks still wanting capacity), unmet or error' });
export type DecisionStatus = z.infer<typeof DecisionStatusSchema>;

export const WorkerTypeDecisionSchema = z
  .strictObject({
    workerType: WorkerTypeNameSchema,
    decidedAt: IsoDateTimeSchema,
    status: DecisionStatusSchema,
    inputs: DecisionInputsSchema,
    capacity: CapacityDecisionSchema,
    /** Every planning round, in order; round 0 is the first plan. */
    rounds: z.array(PlanRoundSchema),
    unmet: UnmetSchema.nullable(),
    cleanup: z.array(CleanupActionSchema),
    /** What the act step did with the planned launches (empty for a preview). */
    outcomes: z.array(LaunchOutcomeSchema),
    /** Sentences about conditions that shaped the decision, e.g. a failed region's last known capacity used. */
    notes: z.array(z.string()),
    error: z.string().nullable(),
    /** Interruption warnings, rebalance recommendations and state changes of its instances heard this iteration (absent in older decisions). */
    interruptions: z.array(InterruptionRecordSchema).optional(),
    /** Scale-down's decision; absent when the worker type has it off. */
    scaleDown: ScaleDownDecisionSchema.optional(),
  })
  .meta({ id: 'WorkerTypeDecision', description: "The daemon's last decision for a worker type, with its reasons" });
export type WorkerTypeDecision = z.infer<typeof WorkerTypeDecisionSchema>;

/** One point of a worker type's capacity history: one per iteration. */
export const CapacityHistoryPointSchema = z
  .strictObject({
    time: IsoDateTimeSchema,
    pendingTasks: z.int().min(0).nullable(),
    runningCapacity: z.int().min(0),
    pendingCapacity: z.int().min(0),
    requestedCapacity: z.int().min(0),
    minCapacity: z.int().min(0),
    maxCapacity: z.int().min(0),
    launches: z.int().min(0),
    terminations: z.int().min(0),
    /** USD/h of the running instances at their pool's current price. */
    spotCostPerHour: z.number().min(0),
    unmetCapacity: z.int().min(0),
    /** Spot interruption warnings for its instances heard this iteration (absent in older points). */
    interruptions: z.int().min(0).optional(),
    /** Scale-down (absent when off): instances quarantined, terminated after draining, and idle capacity seen. */
    drains: z.int().min(0).optional(),
    drainTerminations: z.int().min(0).optional(),
    idleCapacity: z.int().min(0).optional(),
  })
  .meta({ id: 'CapacityHistoryPoint' });
export type CapacityHistoryPoint = z.infer<typeof CapacityHistoryPointSchema>;

/** History points are kept this long (DynamoDB TTL; reads filter too). */
export const HISTORY_RETENTION_MS = 14 * 24 * 3600_000;
/** Most points one history page returns (two days of 30 s iterations would be 5,760). */
export const MAX_HISTORY_PAGE = 1000;

export const CapacityHistoryPageSchema = z
  .strictObject({
    workerType: WorkerTypeNameSchema,
    points: z.array(CapacityHistoryPointSchema),
    /** Present when more points lie in the window: pass it back as `continuationToken`. */
    continuationToken: z.string().optional(),
  })
  .meta({ id: 'CapacityHistoryPage' });
export type CapacityHistoryPage = z.infer<typeof CapacityHistoryPageSchema>;

export const PlanPreviewResponseSchema = z
  .strictObject({
    workerType: WorkerTypeNameSchema,
    /** When the prices and zones used were recorded by the daemon; null if never. */
    pricesAsOf: IsoDateTimeSchema.nullable(),
    /** The decision the next iteration would make now (outcomes and cleanup empty). */
    decision: WorkerTypeDecisionSchema,
  })
  .meta({ id: 'PlanPreview' });
export type PlanPreviewResponse = z.infer<typeof PlanPreviewResponseSchema>;

/** The `state` response with the added `unmet` summary of the last decision (null when met or none yet). */
export const WorkerTypeStateWithUnmetSchema = WorkerTypeStateResponseSchema.extend({ unmet: UnmetSchema.nullable() }).meta({
  id: 'WorkerTypeStateWithUnmet',
  description: "The provisioner's last view of a worker type, and what it could not place",
});
export type WorkerTypeStateWithUnmet = z.infer<typeof WorkerTypeStateWithUnmetSchema>;
