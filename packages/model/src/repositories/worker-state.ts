/** WorkerState table: the daemon's last snapshot per worker type, read by the API. */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { WorkerTypeNameSchema } from '../schemas/identifiers';
import { CapacitySummarySchema, WorkerStateSnapshotSchema, type WorkerStateSnapshot, type WorkerTypeSummary } from '../schemas/worker-state';
import { parseOrThrow, parseStored, scanAll, withoutUndefined } from './dynamo';

export interface WorkerStateRepository {
  /** Replaces the worker type's snapshot (last writer wins: only the lease holder writes). */
  put(snapshot: WorkerStateSnapshot): Promise<void>;
  get(workerType: string): Promise<WorkerStateSnapshot | null>;
  /** Every snapshot, following pagination to the end, sorted by worker type. */
  list(): Promise<WorkerStateSnapshot[]>;
  /** Every snapshot's capacity summary alone (no instance lists read), sorted by worker type. */
  listSummaries(): Promise<WorkerTypeSummary[]>;
  /** Idempotent; resolves true when something was deleted. */
  delete(workerType: string): Promise<boolean>;
}

export interface DynamoWorkerStateRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly pageSize?: number;
}

export class DynamoWorkerStateRepository implements WorkerStateRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly pageSize: number | undefined;

  constructor(options: DynamoWorkerStateRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.pageSize = options.pageSize;
  }

  async put(snapshot: WorkerStateSnapshot): Promise<void> {
    const valid = parseOrThrow(WorkerStateSnapshotSchema, snapshot, 'worker state snapshot');
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: stripUndefinedDeep(valid) }));
  }

  async get(workerType: string): Promise<WorkerStateSnapshot | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { workerType }, ConsistentRead: true }),
    );
    return result.Item ? parseStored(WorkerStateSnapshotSchema, result.Item, 'stored worker state') : null;
  }

  async list(): Promise<WorkerStateSnapshot[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize });
    return items
      .map((item) => parseStored(WorkerStateSnapshotSchema, item, 'stored worker state'))
      .sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  async listSummaries(): Promise<WorkerTypeSummary[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize, projection: ['workerType', 'summary'] });
    return items
      .map((item) => {
        const { workerType, summary } = parseStored(SummaryItemSchema, item, 'stored worker state');
        return { workerType, ...summary };
      })
      .sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  async delete(workerType: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { workerType }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }
}

const SummaryItemSchema = z.strictObject({ workerType: WorkerTypeNameSchema, summary: CapacitySummarySchema });

/** Instance and request entries carry optional fields; DynamoDB rejects undefined ones. */
function stripUndefinedDeep(snapshot: WorkerStateSnapshot): WorkerStateSnapshot {
  return {
    ...snapshot,
    instances: snapshot.instances.map((entry) => withoutUndefined(entry)),
    requests: snapshot.requests.map((entry) => withoutUndefined(entry)),
    internalTrackedRequests: snapshot.internalTrackedRequests.map((entry) => withoutUndefined(entry)),
  };
}
