/**
 * Decisions table: the daemon's last decision per worker type, replaced each iteration it
 * changes. The decision is stored as one JSON string: it is read whole, never queried inside,
 * and a string keeps its size plain to see against the 400 KB item limit.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { WorkerTypeDecisionSchema, type WorkerTypeDecision } from '../schemas/decision';
import { parseOrThrow, parseStored } from './dynamo';

const StoredDecisionSchema = z.strictObject({ workerType: z.string(), decidedAt: z.string(), body: z.string() });

export interface DecisionRepository {
  /** Replaces the worker type's decision (only the lease holder writes). */
  put(decision: WorkerTypeDecision): Promise<void>;
  get(workerType: string): Promise<WorkerTypeDecision | null>;
  /** Idempotent. */
  delete(workerType: string): Promise<void>;
}

export interface DynamoDecisionRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export class DynamoDecisionRepository implements DecisionRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDecisionRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async put(decision: WorkerTypeDecision): Promise<void> {
    const valid = parseOrThrow(WorkerTypeDecisionSchema, decision, 'decision');
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { workerType: valid.workerType, decidedAt: valid.decidedAt, body: JSON.stringify(valid) },
      }),
    );
  }

  async get(workerType: string): Promise<WorkerTypeDecision | null> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { workerType }, ConsistentRead: true }));
    if (!result.Item) return null;
    const stored = parseStored(StoredDecisionSchema, result.Item, 'stored decision');
    return parseStored(WorkerTypeDecisionSchema, JSON.parse(stored.body), 'stored decision');
  }

  async delete(workerType: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { workerType } }));
  }
}
