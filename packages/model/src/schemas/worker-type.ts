/**
 * The worker type definition exactly as api-reference.md describes it: required keys,
 * no unknown keys, identifier patterns, printable-ASCII scopes.
 */
import { z } from 'zod';
import {
  expandedLaunchSpecBytes,
  launchSpecCount,
  limitMessage,
  MAX_AVAILABILITY_ZONES,
  MAX_CAPACITY,
  MAX_EXPANDED_BYTES,
  MAX_INSTANCE_TYPES,
  MAX_LAUNCH_SPECS,
  MAX_REGIONS,
} from './definition-limits';
import { IsoDateTimeSchema, JsonObjectSchema, ScopeSchema, WorkerTypeNameSchema } from './identifiers';
import { addUnstorableIssues, storableParams } from './storable';

/** The names a definition's `policy` may give: each is a demand policy of packages/bidding, which implements exactly these. */
export const DEMAND_POLICY_NAMES = ['classic', 'lookahead'] as const;
export type DemandPolicyName = (typeof DEMAND_POLICY_NAMES)[number];

const ScopesSchema = z.array(ScopeSchema);

export const InstanceTypeEntrySchema = z
  .strictObject({
    instanceType: z.string().min(1),
    capacity: z.int().min(1).describe('Tasks one instance runs at once'),
    utility: z.number().positive().describe('Relative speed of this instance type'),
    launchSpec: JsonObjectSchema,
    secrets: JsonObjectSchema,
    userData: JsonObjectSchema,
    scopes: ScopesSchema,
  })
  .meta({ id: 'InstanceTypeEntry' });
export type InstanceTypeEntry = z.infer<typeof InstanceTypeEntrySchema>;

/** A region's launchSpec must name the region's AMI. */
export const RegionLaunchSpecSchema = z.looseObject({ ImageId: z.string().min(1) });

export const RegionEntrySchema = z
  .strictObject({
    region: z.string().min(1),
    launchSpec: RegionLaunchSpecSchema,
    secrets: JsonObjectSchema,
    userData: JsonObjectSchema,
    scopes: ScopesSchema,
  })
  .meta({ id: 'RegionEntry' });
export type RegionEntry = z.infer<typeof RegionEntrySchema>;

export const AvailabilityZoneEntrySchema = z
  .strictObject({
    region: z.string().min(1),
    availabilityZone: z.string().min(1),
    launchSpec: JsonObjectSchema,
    secrets: JsonObjectSchema.optional(),
    userData: JsonObjectSchema.optional(),
  })
  .meta({ id: 'AvailabilityZoneEntry' });
export type AvailabilityZoneEntry = z.infer<typeof AvailabilityZoneEntrySchema>;

// Scale-down's defaults live beside the field they fill in; the planner reads them from here.

/**
 * An instance idle for less than this is never drained (the keep-warm forecast covers the
 * arrivals expected over a boot, and launching ahead while tasks are pending covers the waits a
 * short idle minimum would otherwise cause on steady days). On the simulator's days (5 seeds)
 * 30 s cut the bursty day's cost to 0.79× classic's with steady and diurnal p95 at 0.94× (at
 * 0.99× the cost); 60 s gave 0.81× (apps/simulator/README.md, Scale-down).
 */
export const DEFAULT_MIN_IDLE_SECONDS = 30;
/** Longest minIdleSeconds accepted: beyond an hour the workers' own idle timeout has long acted. */
export const MAX_MIN_IDLE_SECONDS = 3600;
/**
 * At most this share of a worker type's running instances is draining (quarantined, not yet
 * terminated) at once, at least one: Karpenter's disruption budget, so a queue that misreads
 * cannot empty a fleet in one iteration.
 */
export const DEFAULT_DRAIN_BUDGET_PERCENT = 25;

/**
 * With scale-down on, launch at least this share more than the pending tasks ask for (rounded;
 * more when the forecast's launch-ahead asks for more): tasks go to the first instances up, so
 * a few more launches cut every task's wait to an earlier boot of the spread, and scale-down
 * drains the ones that come up to nothing within a minute or so (without it they would idle
 * until their own timeout). Measured on the simulator's days (apps/simulator/README.md,
 * "Scale-down").
 */
export const DEFAULT_BOOT_MARGIN_PERCENT = 10;
/**
 * With scale-down on and tasks pending, launch ahead this share of the tasks the forecast
 * expects before the next iteration (100: all of them; 0: none). Every minute of wait it saves
 * is an instance-minute paid: on the simulator's steady and diurnal days all of them give 0.94×
 * classic's p95 at 0.99× its cost, but a fleet of slow, dear workers (a steady day with 30%
 * Windows tasks) pays 1.002× classic's for 0.83× its p95, and 0.996× for 0.93× with none.
 */
export const DEFAULT_LAUNCH_AHEAD_PERCENT = 100;
/** Most launched ahead: four iterations' arrivals; beyond that instances only come up before their tasks. */
export const MAX_LAUNCH_AHEAD_PERCENT = 400;

/**
 * Scale-down (an addition to the v1 contract; absent = off): the daemon drains idle instances
 * beyond what its forecast keeps warm, through the queue (quarantine, then terminate).
 */
export const ScaleDownSchema = z
  .strictObject({
    enabled: z.boolean().describe('Drain idle instances of this worker type'),
    minIdleSeconds: z
      .int()
      .min(0)
      .max(MAX_MIN_IDLE_SECONDS)
      .optional()
      .describe(`An instance idle for less than this is never drained; default ${DEFAULT_MIN_IDLE_SECONDS}`),
    drainBudgetPercent: z
      .number()
      .gt(0)
      .max(100)
      .optional()
      .describe(`At most this share of the running instances drains at once (at least one); default ${DEFAULT_DRAIN_BUDGET_PERCENT}`),
    bootMarginPercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe(`Launch this share more than the pending tasks ask for: the first instances up take the tasks, the rest are drained; default ${DEFAULT_BOOT_MARGIN_PERCENT}`),
    launchAheadPercent: z
      .number()
      .min(0)
      .max(MAX_LAUNCH_AHEAD_PERCENT)
      .optional()
      .describe(`While tasks are pending, launch ahead this share of the tasks expected before the next iteration (0: none); default ${DEFAULT_LAUNCH_AHEAD_PERCENT}`),
  })
  .meta({ id: 'ScaleDown' });
export type ScaleDown = z.infer<typeof ScaleDownSchema>;

const definitionShape = {
  launchSpec: JsonObjectSchema,
  userData: JsonObjectSchema,
  secrets: JsonObjectSchema,
  scopes: ScopesSchema,
  minCapacity: z.int().min(0).default(0),
  maxCapacity: z.int().min(0).max(MAX_CAPACITY, limitMessage('capacity units', MAX_CAPACITY, 'MAX_CAPACITY')),
  scalingRatio: z.number().min(0),
  minPrice: z.number().min(0),
  maxPrice: z.number().min(0),
  canUseOndemand: z.boolean().optional(),
  canUseSpot: z.boolean().optional(),
  /**
   * On an EC2 rebalance recommendation for one of its instances, launch that instance's
   * replacement at once in another pool (the instance keeps running). Absent: false. An
   * addition to the v1 contract.
   */
  replaceOnRebalance: z.boolean().optional(),
  instanceTypes: z.array(InstanceTypeEntrySchema).max(MAX_INSTANCE_TYPES, limitMessage('instance types', MAX_INSTANCE_TYPES, 'MAX_INSTANCE_TYPES')),
  regions: z.array(RegionEntrySchema).max(MAX_REGIONS, limitMessage('regions', MAX_REGIONS, 'MAX_REGIONS')),
  availabilityZones: z
    .array(AvailabilityZoneEntrySchema)
    .max(MAX_AVAILABILITY_ZONES, limitMessage('availability zones', MAX_AVAILABILITY_ZONES, 'MAX_AVAILABILITY_ZONES'))
    .default([]),
  description: z.string(),
  owner: z.string(),
  /** The demand policy (packages/bidding/src/policies); absent means `classic`. An addition to the v1 contract. */
  policy: z.enum(DEMAND_POLICY_NAMES).optional(),
  scaleDown: ScaleDownSchema.optional(),
};

/**
 * Body of createWorkerType / updateWorkerType. Defaults: minCapacity 0, availabilityZones [].
 * The cross-field checks run once every field is valid (zod skips them otherwise) and
 * are left out of the JSON Schema, which cannot express them.
 */
export const WorkerTypeDefinitionSchema = z
  .strictObject(definitionShape)
  .superRefine((definition, ctx) => {
    if (definition.minCapacity > definition.maxCapacity) {
      ctx.addIssue({ code: 'custom', path: ['minCapacity'], message: 'minCapacity must not exceed maxCapacity' });
    }
    if (definition.minPrice > definition.maxPrice) {
      ctx.addIssue({ code: 'custom', path: ['minPrice'], message: 'minPrice must not exceed maxPrice' });
    }
    const specs = launchSpecCount(definition);
    if (specs > MAX_LAUNCH_SPECS) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `${limitMessage('launch specifications', MAX_LAUNCH_SPECS, 'MAX_LAUNCH_SPECS')}: regions × instance types × zones comes to ${specs}`,
      });
      return;
    }
    const bytes = expandedLaunchSpecBytes(definition);
    if (bytes > MAX_EXPANDED_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          `at most ${MAX_EXPANDED_BYTES} bytes of launchSpec, userData and secrets across all launch specifications (MAX_EXPANDED_BYTES): ` +
          `this definition expands to ${bytes}; move large values from the general level to the instance types or regions that need them`,
      });
    }
  })
  .superRefine(addUnstorableIssues, storableParams)
  .meta({ id: 'WorkerTypeDefinition', description: 'A worker type definition (create/update body)' });
/**
 * A stored definition's shape, which reads check: the write-time checks (limits, cross-field
 * rules, storability) ran before it was stored, and a limit tightened since must not make an
 * existing row unreadable.
 */
export const StoredDefinitionShapeSchema = z.strictObject({ ...definitionShape, maxCapacity: z.int().min(0) });

/** A definition after parsing: defaults filled in. */
export type WorkerTypeDefinition = z.output<typeof WorkerTypeDefinitionSchema>;
/** A definition as a caller may write it: defaulted keys optional. */
export type WorkerTypeDefinitionInput = z.input<typeof WorkerTypeDefinitionSchema>;

/** The worker type as the API returns it: the definition plus its name and lastModified. */
export const WorkerTypeResponseSchema = z
  .strictObject({
    ...definitionShape,
    workerType: WorkerTypeNameSchema,
    lastModified: IsoDateTimeSchema,
  })
  .meta({ id: 'WorkerTypeResponse', description: 'A worker type: definition, name and lastModified' });
export type WorkerTypeResponse = z.output<typeof WorkerTypeResponseSchema>;

export const WorkerTypeLastModifiedSchema = z
  .strictObject({ workerType: WorkerTypeNameSchema, lastModified: IsoDateTimeSchema })
  .meta({ id: 'WorkerTypeLastModified' });
export type WorkerTypeLastModified = z.infer<typeof WorkerTypeLastModifiedSchema>;

/** What the WorkerTypes table holds per worker type. `version` increases on every write. */
export interface WorkerTypeRecord {
  readonly workerType: string;
  readonly definition: WorkerTypeDefinition;
  readonly lastModified: string;
  readonly version: number;
}

/** The API response shape of a stored worker type. */
export function toWorkerTypeResponse(record: WorkerTypeRecord): WorkerTypeResponse {
  return { ...record.definition, workerType: record.workerType, lastModified: record.lastModified };
}
