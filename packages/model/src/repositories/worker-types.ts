/**
 * WorkerTypes table: one item per worker type holding the parsed definition,
 * lastModified and a version for optimistic locking.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { sameJson } from '../canonical';
import { VersionConflictError, WorkerTypeAlreadyExistsError, WorkerTypeNotFoundError } from '../errors';
import { IsoDateTimeSchema, WorkerTypeNameSchema } from '../schemas/identifiers';
import {
  WorkerTypeDefinitionSchema,
  type WorkerTypeDefinitionInput,
  type WorkerTypeRecord,
} from '../schemas/worker-type';
import { isConditionFailed, parseOrThrow, parseStored, scanAll } from './dynamo';

export const StoredWorkerTypeSchema = z.strictObject({
  workerType: WorkerTypeNameSchema,
  definition: WorkerTypeDefinitionSchema,
  lastModified: IsoDateTimeSchema,
  version: z.int().min(1),
});

/** A create that raced a delete re-reads; more than this many rounds means something is wrong. */
const CREATE_ATTEMPTS = 3;

export interface WorkerTypeCreation {
  /** false when an identical definition was already stored (idempotent create). */
  readonly created: boolean;
  readonly record: WorkerTypeRecord;
}

export interface WorkerTypeRepository {
  /** Stores a new worker type; the same definition again returns the stored one; a different one throws WorkerTypeAlreadyExistsError. */
  create(workerType: string, definition: WorkerTypeDefinitionInput, now: Date): Promise<WorkerTypeCreation>;
  /**
   * Replaces the definition if the stored version is still `expectedVersion` (default:
   * the version read just before writing). Throws WorkerTypeNotFoundError or VersionConflictError.
   */
  update(
    workerType: string,
    definition: WorkerTypeDefinitionInput,
    now: Date,
    options?: { expectedVersion?: number },
  ): Promise<WorkerTypeRecord>;
  get(workerType: string): Promise<WorkerTypeRecord | null>;
  /** Idempotent; resolves true when something was deleted. */
  delete(workerType: string): Promise<boolean>;
  /** Every worker type, following pagination to the end. */
  list(): Promise<WorkerTypeRecord[]>;
  /** Every worker type name, sorted. */
  listNames(): Promise<string[]>;
}

export interface DynamoWorkerTypeRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Scan page size; tests force a small one to exercise pagination. */
  readonly pageSize?: number;
}

export class DynamoWorkerTypeRepository implements WorkerTypeRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly pageSize: number | undefined;

  constructor(options: DynamoWorkerTypeRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.pageSize = options.pageSize;
  }

  async create(workerType: string, definitionInput: WorkerTypeDefinitionInput, now: Date): Promise<WorkerTypeCreation> {
    const record = this.validate(workerType, definitionInput, now, 1);
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: record,
            ConditionExpression: 'attribute_not_exists(workerType)',
          }),
        );
        return { created: true, record };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
      const existing = await this.get(workerType);
      if (!existing) continue; // deleted between our write and read: try again
      if (sameJson(existing.definition, record.definition)) return { created: false, record: existing };
      throw new WorkerTypeAlreadyExistsError(workerType);
    }
    throw new VersionConflictError(`worker type ${workerType}`, 0);
  }

  async update(
    workerType: string,
    definitionInput: WorkerTypeDefinitionInput,
    now: Date,
    options: { expectedVersion?: number } = {},
  ): Promise<WorkerTypeRecord> {
    parseOrThrow(WorkerTypeNameSchema, workerType, 'worker type name');
    let expectedVersion = options.expectedVersion;
    if (expectedVersion === undefined) {
      const current = await this.get(workerType);
      if (!current) throw new WorkerTypeNotFoundError(workerType);
      expectedVersion = current.version;
    }
    const record = this.validate(workerType, definitionInput, now, expectedVersion + 1);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return record;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      if (!(await this.get(workerType))) throw new WorkerTypeNotFoundError(workerType);
      throw new VersionConflictError(`worker type ${workerType}`, expectedVersion);
    }
  }

  async get(workerType: string): Promise<WorkerTypeRecord | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { workerType }, ConsistentRead: true }),
    );
    return result.Item ? this.fromItem(result.Item) : null;
  }

  async delete(workerType: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { workerType }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  async list(): Promise<WorkerTypeRecord[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize });
    return items.map((item) => this.fromItem(item)).sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  async listNames(): Promise<string[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize, projection: ['workerType'] });
    return items.map((item) => String(item.workerType)).sort();
  }

  private validate(
    workerType: string,
    definitionInput: WorkerTypeDefinitionInput,
    now: Date,
    version: number,
  ): WorkerTypeRecord {
    return parseOrThrow(
      StoredWorkerTypeSchema,
      { workerType, definition: definitionInput, lastModified: now.toISOString(), version },
      'worker type',
    );
  }

  private fromItem(item: Record<string, unknown>): WorkerTypeRecord {
    return parseStored(StoredWorkerTypeSchema, item, 'stored worker type');
  }
}
