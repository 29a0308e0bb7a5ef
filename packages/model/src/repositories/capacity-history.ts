/**
 * CapacityHistory table (workerType + time): one point per worker type per iteration,
 * expiring after HISTORY_RETENTION_MS (TTL attribute; reads skip expired points too).
 * Points are written in BatchWriteItem calls of at most 25; unprocessed items are retried.
 */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { InvalidRecordError } from '../errors';
import {
  CapacityHistoryPointSchema,
  HISTORY_RETENTION_MS,
  MAX_HISTORY_PAGE,
  type CapacityHistoryPage,
  type CapacityHistoryPoint,
} from '../schemas/decision';
import { IsoDateTimeSchema } from '../schemas/identifiers';
import { TTL_ATTRIBUTE } from '../tables/definitions';
import { epochSeconds, parseOrThrow, parseStored } from './dynamo';

/** BatchWriteItem's own limit. */
export const HISTORY_BATCH_SIZE = 25;
/** BatchWriteItem calls in flight at once: quick for hundreds of worker types, gentle on provisioned throughput. */
export const HISTORY_BATCHES_IN_FLIGHT = 8;
/** Attempts per batch while DynamoDB returns unprocessed items (throttling); then the write fails. */
export const HISTORY_BATCH_ATTEMPTS = 5;
/** First back-off between attempts, doubled each time: throttling clears within a second or so. */
export const HISTORY_RETRY_BASE_MS = 25;

const StoredPointSchema = CapacityHistoryPointSchema.extend({ workerType: z.string(), [TTL_ATTRIBUTE]: z.int() });
const TokenSchema = z.strictObject({ time: IsoDateTimeSchema });

export interface HistoryPointRecord {
  workerType: string;
  point: CapacityHistoryPoint;
}

export interface HistoryWindow {
  since: Date;
  until: Date;
  /** At most MAX_HISTORY_PAGE. */
  limit?: number;
  continuationToken?: string;
  /** Points older than now − retention are expired. */
  now: Date;
}

export interface CapacityHistoryRepository {
  /** Writes the points in batches; resolves the number of BatchWriteItem calls made. */
  append(points: readonly HistoryPointRecord[]): Promise<number>;
  /** Points of one worker type in [since, until], oldest first; throws InvalidRecordError for a bad token. */
  page(workerType: string, window: HistoryWindow): Promise<CapacityHistoryPage>;
}

export interface DynamoCapacityHistoryRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Injected by tests; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export class DynamoCapacityHistoryRepository implements CapacityHistoryRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: DynamoCapacityHistoryRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async append(points: readonly HistoryPointRecord[]): Promise<number> {
    const items = points.map(({ workerType, point }) => {
      const valid = parseOrThrow(CapacityHistoryPointSchema, point, 'capacity history point');
      const expires = new Date(Date.parse(valid.time) + HISTORY_RETENTION_MS);
      return { PutRequest: { Item: { workerType, ...valid, [TTL_ATTRIBUTE]: epochSeconds(expires) } } };
    });
    const batches: (typeof items)[] = [];
    for (let start = 0; start < items.length; start += HISTORY_BATCH_SIZE) batches.push(items.slice(start, start + HISTORY_BATCH_SIZE));
    let calls = 0;
    // a few batches in flight: an iteration of hundreds of worker types records in one round trip or two
    for (let start = 0; start < batches.length; start += HISTORY_BATCHES_IN_FLIGHT) {
      const counts = await Promise.all(batches.slice(start, start + HISTORY_BATCHES_IN_FLIGHT).map((batch) => this.writeBatch(batch)));
      calls += counts.reduce((sum, count) => sum + count, 0);
    }
    return calls;
  }

  /** One batch, retrying unprocessed items with back-off; resolves the calls made. */
  private async writeBatch(batch: readonly Record<string, unknown>[]): Promise<number> {
    let pending = batch;
    let calls = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= HISTORY_BATCH_ATTEMPTS) {
        throw new Error(`DynamoDB left ${pending.length} capacity history points unprocessed after ${attempt} attempts`);
      }
      if (attempt > 0) await this.sleep(HISTORY_RETRY_BASE_MS * 2 ** (attempt - 1));
      const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: [...pending] } }));
      calls += 1;
      pending = result.UnprocessedItems?.[this.tableName] ?? [];
    }
    return calls;
  }

  async page(workerType: string, window: HistoryWindow): Promise<CapacityHistoryPage> {
    const limit = Math.min(window.limit ?? MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
    const oldest = new Date(Math.max(window.since.getTime(), window.now.getTime() - HISTORY_RETENTION_MS));
    // A window that ends before the retained history begins holds nothing (and DynamoDB refuses BETWEEN upside down).
    if (window.until.getTime() < oldest.getTime()) return { workerType, points: [] };
    const startTime = window.continuationToken ? decodeHistoryToken(window.continuationToken) : undefined;
    if (startTime !== undefined && (startTime < oldest.toISOString() || startTime > window.until.toISOString())) {
      throw new InvalidRecordError('continuation token', ['continuationToken: does not belong to this window']);
    }
    const startKey = startTime !== undefined ? { workerType, time: startTime } : undefined;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'workerType = :workerType AND #time BETWEEN :since AND :until',
        ExpressionAttributeNames: { '#time': 'time' },
        ExpressionAttributeValues: { ':workerType': workerType, ':since': oldest.toISOString(), ':until': window.until.toISOString() },
        ExclusiveStartKey: startKey,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const points = (result.Items ?? []).map((item) => {
      const { workerType: _workerType, [TTL_ATTRIBUTE]: _ttl, ...point } = parseStored(StoredPointSchema, item, 'stored history point');
      return point;
    });
    const last = result.LastEvaluatedKey?.time;
    return {
      workerType,
      points,
      ...(typeof last === 'string' ? { continuationToken: encodeHistoryToken(last) } : {}),
    };
  }
}

export function encodeHistoryToken(time: string): string {
  return Buffer.from(JSON.stringify({ time }), 'utf8').toString('base64url');
}

export function decodeHistoryToken(token: string): string {
  try {
    return TokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).time;
  } catch {
    throw new InvalidRecordError('continuation token', ['continuationToken is not one this API returned']);
  }
}
