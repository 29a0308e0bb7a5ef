/**
 * PoolRisk table (pool = "region/zone/type"): one item per pool with its decaying
 * interruption record. Each change is one GetItem and one conditional PutItem (the decay is
 * computed here, so the table never needs a read-modify-write expression); only the lease
 * holder writes, so the condition only fails on a hand-over, and the change is retried then.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decayStats, withExposure, withInterruption, type PoolInterruptionStats } from '../pool-risk-decay';
import { PoolIdSchema, PoolRiskSchema, poolRiskKey, type PoolId, type PoolRisk } from '../schemas/pool-risk';
import { isConditionFailed, parseOrThrow, parseStored, scanAll } from './dynamo';

/** Attempts of one change when another writer moved the item in between (a lease hand-over). */
export const POOL_RISK_WRITE_ATTEMPTS = 3;

export type PoolRiskChange = { readonly kind: 'interruption' } | { readonly kind: 'exposure'; readonly instanceHours: number };

export interface PoolRiskRepository {
  /** Every pool's record, as stored (decay them to now with `decayStats`). */
  list(): Promise<PoolRisk[]>;
  get(pool: PoolId): Promise<PoolRisk | null>;
  /** One interruption seen in the pool at `at`: one write. */
  recordInterruption(pool: PoolId, at: Date): Promise<PoolRisk>;
  /** Instance-hours run in the pool up to `at`: one write. */
  addExposure(pool: PoolId, instanceHours: number, at: Date): Promise<PoolRisk>;
}

/** The record after `change` (pure; both implementations apply changes through it). */
export function applyPoolRiskChange(pool: PoolId, stored: PoolRisk | null, change: PoolRiskChange, at: Date): PoolRisk {
  const id = parseOrThrow(PoolIdSchema, { region: pool.region, availabilityZone: pool.availabilityZone, instanceType: pool.instanceType }, 'pool');
  if (Number.isNaN(at.getTime())) throw new RangeError('a pool risk change needs a valid time');
  const before: PoolInterruptionStats | undefined = stored
    ? { interruptions: stored.interruptions, instanceHours: stored.instanceHours, asOf: Date.parse(stored.asOf) }
    : undefined;
  const now = at.getTime();
  let after: PoolInterruptionStats;
  if (change.kind === 'interruption') after = withInterruption(before, now);
  else after = withExposure(before, parseOrThrow(PoolRiskSchema.shape.instanceHours, change.instanceHours, 'instance-hours'), now);
  const interrupted = change.kind === 'interruption';
  const lastInterruptionAt = stored?.lastInterruptionAt ?? null;
  return parseOrThrow(
    PoolRiskSchema,
    {
      ...id,
      interruptions: after.interruptions,
      instanceHours: after.instanceHours,
      asOf: new Date(after.asOf).toISOString(),
      totalInterruptions: (stored?.totalInterruptions ?? 0) + (interrupted ? 1 : 0),
      lastInterruptionAt: interrupted && (lastInterruptionAt === null || at.toISOString() > lastInterruptionAt) ? at.toISOString() : lastInterruptionAt,
    },
    'pool risk',
  );
}

/** A stored record's stats decayed to `now` (for readers). */
export function poolRiskStats(record: PoolRisk, now: number): PoolInterruptionStats {
  return decayStats({ interruptions: record.interruptions, instanceHours: record.instanceHours, asOf: Date.parse(record.asOf) }, now);
}

export interface DynamoPoolRiskRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly pageSize?: number | undefined;
}

export class DynamoPoolRiskRepository implements PoolRiskRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly pageSize: number | undefined;

  constructor(options: DynamoPoolRiskRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.pageSize = options.pageSize;
  }

  async list(): Promise<PoolRisk[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize });
    return items.map((item) => fromItem(item)).sort((a, b) => poolRiskKey(a).localeCompare(poolRiskKey(b)));
  }

  async get(pool: PoolId): Promise<PoolRisk | null> {
    const answer = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pool: poolRiskKey(pool) }, ConsistentRead: true }));
    return answer.Item ? fromItem(answer.Item) : null;
  }

  recordInterruption(pool: PoolId, at: Date): Promise<PoolRisk> {
    return this.change(pool, { kind: 'interruption' }, at);
  }

  addExposure(pool: PoolId, instanceHours: number, at: Date): Promise<PoolRisk> {
    return this.change(pool, { kind: 'exposure', instanceHours }, at);
  }

  private async change(pool: PoolId, change: PoolRiskChange, at: Date): Promise<PoolRisk> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.get(pool);
      const next = applyPoolRiskChange(pool, stored, change, at);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pool: poolRiskKey(next), ...next },
            ...(stored
              ? { ConditionExpression: '#asOf = :asOf AND #total = :total', ExpressionAttributeValues: { ':asOf': stored.asOf, ':total': stored.totalInterruptions } }
              : { ConditionExpression: 'attribute_not_exists(#pool)' }),
            ExpressionAttributeNames: stored ? { '#asOf': 'asOf', '#total': 'totalInterruptions' } : { '#pool': 'pool' },
          }),
        );
        return next;
      } catch (err) {
        if (!isConditionFailed(err) || attempt >= POOL_RISK_WRITE_ATTEMPTS) throw err;
      }
    }
  }
}

function fromItem(item: Record<string, unknown>): PoolRisk {
  const { pool: _key, ...record } = item;
  return parseStored(PoolRiskSchema, record, 'stored pool risk');
}
