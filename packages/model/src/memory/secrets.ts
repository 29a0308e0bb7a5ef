/**
 * In-memory twin of the Secrets table. Mirrors the DynamoDB conditions exactly, including
 * their second resolution (the TTL attribute) and the exact expiry enforced on reads.
 */
import { SecretAlreadyExistsError, SecretNotFoundError } from '../errors';
import { epochSeconds, parseOrThrow } from '../repositories/dynamo';
import type { SecretCheckIn, SecretRepository } from '../repositories/secrets';
import {
  CreateSecretRequestSchema,
  InstanceCheckInSchema,
  type CreateSecretRequest,
  type SecretRecord,
} from '../schemas/secret';

interface StoredSecret {
  record: SecretRecord;
  /** Epoch seconds, like the TTL attribute the DynamoDB conditions compare. */
  ttl: number;
  /** The payload is gone once taken. */
  takenAt: string | undefined;
}

export class MemorySecretRepository implements SecretRepository {
  private readonly items = new Map<string, StoredSecret>();

  async create(request: CreateSecretRequest, now: Date): Promise<SecretRecord> {
    const valid = parseOrThrow(CreateSecretRequestSchema, request, 'secret');
    const expiration = new Date(valid.expiration);
    const record: SecretRecord = { ...valid, expiration: expiration.toISOString(), createdAt: now.toISOString() };
    const existing = this.items.get(record.token);
    if (existing && !(existing.ttl < epochSeconds(now))) throw new SecretAlreadyExistsError();
    this.items.set(record.token, { record: structuredClone(record), ttl: epochSeconds(expiration), takenAt: undefined });
    return record;
  }

  async get(token: string, now: Date): Promise<SecretRecord | null> {
    return live(this.items.get(token), now);
  }

  async take(token: string, now: Date): Promise<SecretRecord | null> {
    const stored = this.items.get(token);
    if (!stored || stored.takenAt !== undefined || stored.ttl < epochSeconds(now)) return null;
    const record = live(stored, now);
    stored.takenAt = now.toISOString();
    return record;
  }

  async remove(token: string): Promise<boolean> {
    return this.items.delete(token);
  }

  async recordInstanceStarted(token: string, instanceId: string, now: Date): Promise<SecretCheckIn> {
    const checkIn = parseOrThrow(InstanceCheckInSchema, { instanceId, at: now.toISOString() }, 'instance check-in');
    const stored = this.items.get(token);
    if (!stored || stored.ttl < epochSeconds(now)) throw new SecretNotFoundError();
    stored.record.instanceStarted = checkIn;
    if (isExpired(stored, now)) throw new SecretNotFoundError();
    return { workerType: stored.record.workerType, ...checkIn };
  }
}

function live(stored: StoredSecret | undefined, now: Date): SecretRecord | null {
  if (!stored || isExpired(stored, now) || stored.takenAt !== undefined) return null;
  return structuredClone(stored.record);
}

function isExpired(stored: StoredSecret, now: Date): boolean {
  return Date.parse(stored.record.expiration) <= now.getTime();
}
