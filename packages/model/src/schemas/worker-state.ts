/**
 * The provisioner's last snapshot per worker type: everything the API's `state` and
 * `listWorkerTypeSummaries` return, so the API never has to ask EC2.
 */
import { z } from 'zod';
import { IsoDateTimeSchema, WorkerTypeNameSchema } from './identifiers';
import { MarketSchema } from './launch';

export const InstanceEntrySchema = z
  .strictObject({
    id: z.string().min(1),
    spotRequestId: z.string().min(1).optional(),
    imageId: z.string().min(1).optional(),
    instanceType: z.string().min(1),
    region: z.string().min(1),
    zone: z.string().min(1),
    state: z.string().min(1).describe('EC2 instance state name, e.g. pending, running'),
    launchTime: IsoDateTimeSchema,
    capacity: z.int().min(0),
    // Added after the AWS Provisioner's fields (optional, so older snapshots still read):
    market: MarketSchema.optional(),
    price: z
      .number()
      .min(0)
      .optional()
      .describe("USD per hour of the instance's pool when the snapshot was written (spot price, or on-demand list price); absent when unknown"),
  })
  .meta({ id: 'InstanceEntry' });
export type InstanceEntry = z.infer<typeof InstanceEntrySchema>;

export const RequestEntrySchema = z
  .strictObject({
    id: z.string().min(1).describe('Spot request id, or the launch id for internally tracked requests'),
    imageId: z.string().min(1).optional(),
    instanceType: z.string().min(1),
    region: z.string().min(1),
    zone: z.string().min(1),
    state: z.string().min(1).describe('Spot request state (open, active, ...) or "submitted"'),
    status: z.string().optional().describe('Spot request status code, when EC2 gives one'),
    createdTime: IsoDateTimeSchema,
    capacity: z.int().min(0),
  })
  .meta({ id: 'RequestEntry' });
export type RequestEntry = z.infer<typeof RequestEntrySchema>;

export const CapacitySummaryFields = {
  minCapacity: z.int().min(0),
  maxCapacity: z.int().min(0),
  requestedCapacity: z.int().min(0).describe('Capacity of open spot requests'),
  pendingCapacity: z.int().min(0).describe('Capacity of instances starting up'),
  runningCapacity: z.int().min(0).describe('Capacity of running instances'),
};

export const CapacitySummarySchema = z.strictObject(CapacitySummaryFields).meta({ id: 'CapacitySummary' });
export type CapacitySummary = z.infer<typeof CapacitySummarySchema>;

/** One item of listWorkerTypeSummaries. */
export const WorkerTypeSummarySchema = z
  .strictObject({ workerType: WorkerTypeNameSchema, ...CapacitySummaryFields })
  .meta({ id: 'WorkerTypeSummary' });
export type WorkerTypeSummary = z.infer<typeof WorkerTypeSummarySchema>;

/** Response of the API's `state` method. */
export const WorkerTypeStateResponseSchema = z
  .strictObject({
    workerType: WorkerTypeNameSchema,
    instances: z.array(InstanceEntrySchema),
    requests: z.array(RequestEntrySchema),
    internalTrackedRequests: z.array(RequestEntrySchema),
    summary: CapacitySummarySchema,
  })
  .meta({ id: 'WorkerTypeState' });
export type WorkerTypeStateResponse = z.infer<typeof WorkerTypeStateResponseSchema>;

/** What the WorkerState table holds: the state response plus when the daemon wrote it. */
export const WorkerStateSnapshotSchema = z.strictObject({
  workerType: WorkerTypeNameSchema,
  instances: z.array(InstanceEntrySchema),
  requests: z.array(RequestEntrySchema),
  internalTrackedRequests: z.array(RequestEntrySchema),
  summary: CapacitySummarySchema,
  updatedAt: IsoDateTimeSchema,
});
export type WorkerStateSnapshot = z.infer<typeof WorkerStateSnapshotSchema>;

export function toWorkerTypeSummary(snapshot: WorkerStateSnapshot): WorkerTypeSummary {
  return { workerType: snapshot.workerType, ...snapshot.summary };
}

export function toWorkerTypeStateResponse(snapshot: WorkerStateSnapshot): WorkerTypeStateResponse {
  const { updatedAt: _updatedAt, ...response } = snapshot;
  return response;
}
