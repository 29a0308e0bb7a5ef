/**
 * Provisioner table: two well-known items, the daemon lease (`key = "lease"`) and
 * the last iteration's heartbeat (`key = "heartbeat"`). The lease is taken and
 * renewed with conditional writes so at most one daemon acts at a time.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { LeaseNotHeldError } from '../errors';
import { HeartbeatSchema, LeaseSchema, type Heartbeat, type Lease } from '../schemas/provisioner';
import { isConditionFailed, parseOrThrow, parseStored, withoutUndefined } from './dynamo';

/**
 * The lease period: a lease lives this long after its last renewal. The holder renews it every
 * 10 s whether it iterates or not (the daemon's LEASE_RENEW_INTERVAL_MS), so two failed renewals
 * in a row (a DynamoDB hiccup) do not lose it, while a standby polling as often takes over
 * within two periods of a crash (a daemon that is alive but stuck gives the lease up at its
 * iteration deadline). Daemons' clocks must agree to well within it (NTP is plenty).
 */
export const LEASE_DURATION_MS = 30 * 1000;

const LEASE_KEY = 'lease';
const HEARTBEAT_KEY = 'heartbeat';

/** Stored lease: the expiry also as epoch milliseconds, so conditions compare numbers. */
const StoredLeaseSchema = LeaseSchema.extend({ key: z.literal(LEASE_KEY), expiresAtMs: z.int() });
const StoredHeartbeatSchema = HeartbeatSchema.extend({ key: z.literal(HEARTBEAT_KEY) });

export type LeaseAcquisition =
  | { readonly acquired: true; readonly lease: Lease }
  /** `holder` is the lease that blocked us (null if it vanished meanwhile). */
  | { readonly acquired: false; readonly holder: Lease | null };

export interface ProvisionerRepository {
  /** Takes the lease if free, expired, or already ours. Contention is a normal outcome, not an error. */
  acquireLease(holderId: string, now: Date, durationMs?: number): Promise<LeaseAcquisition>;
  /** Extends our live lease; throws LeaseNotHeldError if another holder has it or ours expired. */
  renewLease(holderId: string, now: Date, durationMs?: number): Promise<Lease>;
  /** Gives the lease up if we hold it; resolves false (no error) otherwise. */
  releaseLease(holderId: string): Promise<boolean>;
  /** The stored lease, live or expired; compare with isLeaseLive. */
  getLease(): Promise<Lease | null>;
  recordHeartbeat(heartbeat: Heartbeat): Promise<void>;
  getHeartbeat(): Promise<Heartbeat | null>;
}

export function isLeaseLive(lease: Lease, now: Date): boolean {
  return Date.parse(lease.expiresAt) > now.getTime();
}

/** How long the holder has not renewed its lease; beyond one lease period, no daemon is acting. */
export function leaseSilenceMs(lease: Lease, now: Date): number {
  return now.getTime() - Date.parse(lease.renewedAt);
}

/** Operators' words for a holder silent for longer than a lease period, or undefined while it renews. */
export function silentHolder(lease: Lease | null, now: Date, periodMs = LEASE_DURATION_MS): string | undefined {
  if (!lease) return undefined;
  const silence = leaseSilenceMs(lease, now);
  if (silence <= periodMs) return undefined;
  return `no active daemon for ${Math.round(silence / 1000)} s: ${lease.holderId} last renewed the lease at ${lease.renewedAt}`;
}

export interface DynamoProvisionerRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export class DynamoProvisionerRepository implements ProvisionerRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoProvisionerRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async acquireLease(holderId: string, now: Date, durationMs = LEASE_DURATION_MS): Promise<LeaseAcquisition> {
    const expiresAtMs = now.getTime() + durationMs;
    const lease = parseOrThrow(
      LeaseSchema,
      {
        holderId,
        acquiredAt: now.toISOString(),
        renewedAt: now.toISOString(),
        expiresAt: new Date(expiresAtMs).toISOString(),
      },
      'lease',
    );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { key: LEASE_KEY, ...lease, expiresAtMs },
          ConditionExpression: 'attribute_not_exists(#key) OR expiresAtMs <= :now OR holderId = :holder',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':now': now.getTime(), ':holder': holderId },
        }),
      );
      return { acquired: true, lease };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return { acquired: false, holder: await this.getLease() };
    }
  }

  async renewLease(holderId: string, now: Date, durationMs = LEASE_DURATION_MS): Promise<Lease> {
    const expiresAtMs = now.getTime() + durationMs;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { key: LEASE_KEY },
          UpdateExpression: 'SET renewedAt = :renewedAt, expiresAt = :expiresAt, expiresAtMs = :expiresAtMs',
          ConditionExpression: 'holderId = :holder AND expiresAtMs > :now',
          ExpressionAttributeValues: {
            ':renewedAt': now.toISOString(),
            ':expiresAt': new Date(expiresAtMs).toISOString(),
            ':expiresAtMs': expiresAtMs,
            ':holder': holderId,
            ':now': now.getTime(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.leaseFromItem(result.Attributes);
    } catch (error) {
      if (isConditionFailed(error)) throw new LeaseNotHeldError(holderId);
      throw error;
    }
  }

  async releaseLease(holderId: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { key: LEASE_KEY },
          ConditionExpression: 'holderId = :holder',
          ExpressionAttributeValues: { ':holder': holderId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async getLease(): Promise<Lease | null> {
    const item = await this.getItem(LEASE_KEY);
    return item ? this.leaseFromItem(item) : null;
  }

  async recordHeartbeat(heartbeat: Heartbeat): Promise<void> {
    const valid = parseOrThrow(HeartbeatSchema, heartbeat, 'heartbeat');
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: withoutUndefined({ key: HEARTBEAT_KEY, ...valid }) }),
    );
  }

  async getHeartbeat(): Promise<Heartbeat | null> {
    const item = await this.getItem(HEARTBEAT_KEY);
    if (!item) return null;
    const { key: _key, ...heartbeat } = parseStored(StoredHeartbeatSchema, item, 'stored heartbeat');
    return heartbeat;
  }

  private async getItem(key: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }));
    return result.Item;
  }

  private leaseFromItem(item: Record<string, unknown> | undefined): Lease {
    const { key: _key, expiresAtMs: _expiresAtMs, ...lease } = parseStored(StoredLeaseSchema, item, 'stored lease');
    return lease;
  }
}
