/**
 * Launches table (workerType + launchId): launches the daemon submitted that EC2 may
 * not show yet, so a restart does not forget them. They expire on read after
 * LAUNCH_TTL_MS and carry a TTL attribute for cleanup.
 */
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { LaunchRecordSchema, NewLaunchSchema, type LaunchRecord, type NewLaunch } from '../schemas/launch';
import { TTL_ATTRIBUTE } from '../tables/definitions';
import { epochSeconds, isConditionFailed, parseOrThrow, parseStored, scanAll, withoutUndefined } from './dynamo';

/** EC2's describe calls are eventually consistent for minutes; after 15 a launch still unseen has failed. */
export const LAUNCH_TTL_MS = 15 * 60 * 1000;

const StoredLaunchSchema = LaunchRecordSchema.extend({ [TTL_ATTRIBUTE]: z.int() });

export interface LaunchIds {
  readonly instanceIds?: readonly string[];
  readonly spotRequestIds?: readonly string[];
}

export interface LaunchRepository {
  /** Records (or re-records) a submitted launch, expiring LAUNCH_TTL_MS after `now`. */
  record(launch: NewLaunch, now: Date): Promise<LaunchRecord>;
  /** Adds the EC2 ids once known; resolves null when the launch is absent. */
  attachIds(workerType: string, launchId: string, ids: LaunchIds): Promise<LaunchRecord | null>;
  /** Unexpired launches of one worker type, all pages. */
  listByWorkerType(workerType: string, now: Date): Promise<LaunchRecord[]>;
  /** Unexpired launches of every worker type, all pages. */
  listAll(now: Date): Promise<LaunchRecord[]>;
  /** Idempotent; resolves true when something was deleted. */
  remove(workerType: string, launchId: string): Promise<boolean>;
}

export interface DynamoLaunchRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly pageSize?: number;
}

export class DynamoLaunchRepository implements LaunchRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly pageSize: number | undefined;

  constructor(options: DynamoLaunchRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.pageSize = options.pageSize;
  }

  async record(launch: NewLaunch, now: Date): Promise<LaunchRecord> {
    const valid = parseOrThrow(NewLaunchSchema, launch, 'launch');
    const expiresAt = new Date(now.getTime() + LAUNCH_TTL_MS);
    const record: LaunchRecord = withoutUndefined({
      ...valid,
      submittedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...record, [TTL_ATTRIBUTE]: epochSeconds(expiresAt) } }),
    );
    return record;
  }

  async attachIds(workerType: string, launchId: string, ids: LaunchIds): Promise<LaunchRecord | null> {
    const sets: string[] = [];
    const values: Record<string, unknown> = {};
    if (ids.instanceIds) {
      sets.push('instanceIds = :instanceIds');
      values[':instanceIds'] = [...ids.instanceIds];
    }
    if (ids.spotRequestIds) {
      sets.push('spotRequestIds = :spotRequestIds');
      values[':spotRequestIds'] = [...ids.spotRequestIds];
    }
    if (sets.length === 0) throw new RangeError('attachIds needs instanceIds or spotRequestIds');
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { workerType, launchId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(launchId)',
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? this.fromItem(result.Attributes) : null;
    } catch (error) {
      if (isConditionFailed(error)) return null;
      throw error;
    }
  }

  async listByWorkerType(workerType: string, now: Date): Promise<LaunchRecord[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'workerType = :workerType',
          ExpressionAttributeValues: { ':workerType': workerType },
          ExclusiveStartKey: startKey,
          Limit: this.pageSize,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return this.live(items, now);
  }

  async listAll(now: Date): Promise<LaunchRecord[]> {
    return this.live(await scanAll(this.client, this.tableName, { pageSize: this.pageSize }), now);
  }

  async remove(workerType: string, launchId: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { workerType, launchId }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  private live(items: Record<string, unknown>[], now: Date): LaunchRecord[] {
    return items
      .map((item) => this.fromItem(item))
      .filter((launch) => Date.parse(launch.expiresAt) > now.getTime())
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.launchId.localeCompare(b.launchId));
  }

  private fromItem(item: Record<string, unknown>): LaunchRecord {
    const { [TTL_ATTRIBUTE]: _ttl, ...record } = parseStored(StoredLaunchSchema, item, 'stored launch');
    return record;
  }
}
