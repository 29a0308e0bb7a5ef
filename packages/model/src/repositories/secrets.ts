/**
 * Secrets table: one item per securityToken. The `secrets` payload is sealed with
 * AES-256-GCM (bound to the token); expiry is enforced on every read and also written
 * as a TTL attribute so DynamoDB eventually deletes the item.
 *
 * take() is one atomic conditional update that returns the old item, deletes the
 * payload and stamps `takenAt`: of concurrent takers exactly one gets the secret. The
 * token item itself stays (without its payload) until remove() or TTL, because a
 * Taskcluster worker calls getSecret, then instanceStarted (which must find its token),
 * then removeSecret. instanceStarted is recorded on that item as `instanceStarted`.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { openJson, sealJson, EnvelopeSchema } from '../crypto/envelope';
import type { Keyring } from '../crypto/keyring';
import { SecretAlreadyExistsError, SecretNotFoundError } from '../errors';
import { IsoDateTimeSchema, JsonObjectSchema } from '../schemas/identifiers';
import {
  CreateSecretRequestSchema,
  InstanceCheckInSchema,
  SecretRecordSchema,
  type CreateSecretRequest,
  type InstanceCheckIn,
  type SecretRecord,
} from '../schemas/secret';
import { TTL_ATTRIBUTE } from '../tables/definitions';
import { epochSeconds, isConditionFailed, parseOrThrow, parseStored, withoutUndefined } from './dynamo';
import { resealAttribute, type ResealCount } from './reseal';

/** Stored form: payload sealed (and absent once taken), TTL in epoch seconds. */
const StoredSecretSchema = SecretRecordSchema.extend({
  secrets: EnvelopeSchema.optional(),
  takenAt: IsoDateTimeSchema.optional(),
  [TTL_ATTRIBUTE]: z.int(),
});
type StoredSecret = z.infer<typeof StoredSecretSchema>;

/** What recordInstanceStarted reports: whose token it was, and the check-in. */
export interface SecretCheckIn extends InstanceCheckIn {
  readonly workerType: string;
}

export interface SecretRepository {
  /** Stores a secret; throws SecretAlreadyExistsError if a live (or taken, unexpired) secret holds the token. */
  create(request: CreateSecretRequest, now: Date): Promise<SecretRecord>;
  /** The live secret, or null when absent, expired or already taken. Does not consume it. */
  get(token: string, now: Date): Promise<SecretRecord | null>;
  /** Atomically reads and deletes the payload: of concurrent takers exactly one gets it. Expired or taken → null. */
  take(token: string, now: Date): Promise<SecretRecord | null>;
  /** Idempotent delete; resolves true when something was deleted. */
  remove(token: string): Promise<boolean>;
  /** Records that an instance checked in with this token (taken or not); throws SecretNotFoundError if absent or expired. */
  recordInstanceStarted(token: string, instanceId: string, now: Date): Promise<SecretCheckIn>;
}

export interface DynamoSecretRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly keyring: Keyring;
}

const sealContext = (token: string): string => `secret:${token}`;

export class DynamoSecretRepository implements SecretRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly keyring: Keyring;

  constructor(options: DynamoSecretRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.keyring = options.keyring;
  }

  async create(request: CreateSecretRequest, now: Date): Promise<SecretRecord> {
    const valid = parseOrThrow(CreateSecretRequestSchema, request, 'secret');
    const expiration = new Date(valid.expiration);
    const record: SecretRecord = { ...valid, expiration: expiration.toISOString(), createdAt: now.toISOString() };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...record,
            secrets: sealJson(this.keyring, sealContext(record.token), record.secrets),
            [TTL_ATTRIBUTE]: epochSeconds(expiration),
          },
          // an expired secret still in the table (TTL deletion lags) may be replaced
          ConditionExpression: 'attribute_not_exists(#token) OR #ttl < :now',
          ExpressionAttributeNames: { '#token': 'token', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new SecretAlreadyExistsError();
      throw error;
    }
    return record;
  }

  async get(token: string, now: Date): Promise<SecretRecord | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { token }, ConsistentRead: true }),
    );
    return this.liveRecord(result.Item, now);
  }

  async take(token: string, now: Date): Promise<SecretRecord | null> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { token },
          UpdateExpression: 'SET takenAt = :taken REMOVE secrets',
          ConditionExpression: 'attribute_exists(#token) AND attribute_not_exists(takenAt) AND #ttl >= :now',
          ExpressionAttributeNames: { '#token': 'token', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':taken': now.toISOString(), ':now': epochSeconds(now) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return this.liveRecord(result.Attributes, now);
    } catch (error) {
      if (isConditionFailed(error)) return null;
      throw error;
    }
  }

  async remove(token: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { token }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  async recordInstanceStarted(token: string, instanceId: string, now: Date): Promise<SecretCheckIn> {
    const checkIn = parseOrThrow(InstanceCheckInSchema, { instanceId, at: now.toISOString() }, 'instance check-in');
    let stored: StoredSecret;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { token },
          UpdateExpression: 'SET instanceStarted = :started',
          ConditionExpression: 'attribute_exists(#token) AND #ttl >= :now',
          ExpressionAttributeNames: { '#token': 'token', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':started': checkIn, ':now': epochSeconds(now) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      stored = parseStored(StoredSecretSchema, result.Attributes, 'stored secret');
    } catch (error) {
      if (isConditionFailed(error)) throw new SecretNotFoundError();
      throw error;
    }
    // the TTL attribute has second resolution; the expiration itself is exact
    if (isExpired(stored, now)) throw new SecretNotFoundError();
    return { workerType: stored.workerType, ...checkIn };
  }

  /** Rewrites every payload not yet taken under the current key (key rotation). */
  async resealAll(): Promise<ResealCount> {
    return resealAttribute({ client: this.client, tableName: this.tableName, keyring: this.keyring, key: 'token', attribute: 'secrets', context: sealContext });
  }

  /** Decrypts a stored item; null when absent, expired or taken (expiry is enforced here, not by TTL). */
  private liveRecord(item: Record<string, unknown> | undefined, now: Date): SecretRecord | null {
    if (!item) return null;
    const stored = parseStored(StoredSecretSchema, item, 'stored secret');
    if (isExpired(stored, now) || stored.takenAt !== undefined || stored.secrets === undefined) return null;
    const { [TTL_ATTRIBUTE]: _ttl, takenAt: _takenAt, secrets: sealed, ...rest } = stored;
    const secrets = parseStored(
      JsonObjectSchema,
      openJson(this.keyring, sealContext(stored.token), sealed),
      'secret payload',
    );
    return withoutUndefined({ ...rest, secrets });
  }
}

function isExpired(stored: StoredSecret, now: Date): boolean {
  return Date.parse(stored.expiration) <= now.getTime();
}
