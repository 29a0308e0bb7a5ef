/**
 * WorkerTypes table: one item per worker type holding the definition as a readable map,
 * its `secrets` (every level) sealed apart in `sealedSecrets` (AES-256-GCM, bound to the
 * row), lastModified and a version for optimistic locking. Rows written before secrets were
 * sealed are read as they are and rewritten sealed, version and lastModified unchanged.
 *
 * Writes check everything (schema, limits, storability); reads check the shape only, and a
 * row read again at the same version, lastModified and envelope is not parsed again.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { sameJson } from '../canonical';
import { openJson, sealJson, type Envelope } from '../crypto/envelope';
import type { Keyring } from '../crypto/keyring';
import { CorruptRecordError, VersionConflictError, WorkerTypeAlreadyExistsError, WorkerTypeNotFoundError } from '../errors';
import { IsoDateTimeSchema, WorkerTypeNameSchema } from '../schemas/identifiers';
import {
  StoredDefinitionShapeSchema,
  WorkerTypeDefinitionSchema,
  type WorkerTypeDefinitionInput,
  type WorkerTypeRecord,
} from '../schemas/worker-type';
import { joinSecrets, splitSecrets } from './definition-secrets';
import { isConditionFailed, parseOrThrow, parseStored, scanAll } from './dynamo';
import type { ResealCount } from './reseal';

/** A record as it may be written: the whole definition schema (limits, cross-field rules, storability). */
export const WorkerTypeRecordSchema = z.strictObject({
  workerType: WorkerTypeNameSchema,
  definition: WorkerTypeDefinitionSchema,
  lastModified: IsoDateTimeSchema,
  version: z.int().min(1),
});

/** A record as read back: its shape only. */
const StoredRecordSchema = WorkerTypeRecordSchema.extend({ definition: StoredDefinitionShapeSchema });

/** The item's own attributes around the definition. */
const ItemSchema = z.looseObject({ definition: z.unknown(), sealedSecrets: z.unknown().optional() });

/** A create that raced a delete re-reads; more than this many rounds means something is wrong. */
const CREATE_ATTEMPTS = 3;

export interface WorkerTypeCreation {
  /** false when an identical definition was already stored (idempotent create). */
  readonly created: boolean;
  readonly record: WorkerTypeRecord;
}

/** A worker type's capacity bounds, all listWorkerTypeSummaries needs of its definition. */
export interface WorkerTypeCapacityLimits {
  readonly workerType: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
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
  /** Every worker type's min and max capacity, sorted by name, without reading the rest of the definitions. */
  listCapacityLimits(): Promise<WorkerTypeCapacityLimits[]>;
}

export interface DynamoWorkerTypeRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Seals the definitions' secrets (the current key) and opens them (any key). */
  readonly keyring: Keyring;
  /** Scan page size; tests force a small one to exercise pagination. */
  readonly pageSize?: number;
}

/** What the associated data of a row's envelope names: the row itself. */
const sealContext = (workerType: string): string => `worker-type:${workerType}`;

interface ParsedRow {
  readonly version: unknown;
  readonly lastModified: unknown;
  /** The envelope's ciphertext, or undefined for a plaintext row. */
  readonly ciphertext: unknown;
  readonly record: WorkerTypeRecord;
}

export class DynamoWorkerTypeRepository implements WorkerTypeRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly keyring: Keyring;
  private readonly pageSize: number | undefined;
  /** Rows parsed before, by name: read again unchanged, they are not parsed or decrypted again. */
  private readonly parsed = new Map<string, ParsedRow>();

  constructor(options: DynamoWorkerTypeRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.keyring = options.keyring;
    this.pageSize = options.pageSize;
  }

  async create(workerType: string, definitionInput: WorkerTypeDefinitionInput, now: Date): Promise<WorkerTypeCreation> {
    const record = validateWorkerType(workerType, definitionInput, now, 1);
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: this.toItem(record),
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
    const record = validateWorkerType(workerType, definitionInput, now, expectedVersion + 1);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.toItem(record),
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
    if (!result.Item) {
      this.parsed.delete(workerType);
      return null;
    }
    return this.fromItem(result.Item);
  }

  async delete(workerType: string): Promise<boolean> {
    this.parsed.delete(workerType);
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { workerType }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  async list(): Promise<WorkerTypeRecord[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize });
    const records = await Promise.all(items.map((item) => this.fromItem(item)));
    return records.sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  async listNames(): Promise<string[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize, projection: ['workerType'] });
    return items.map((item) => String(item.workerType)).sort();
  }

  async listCapacityLimits(): Promise<WorkerTypeCapacityLimits[]> {
    const items = await scanAll(this.client, this.tableName, {
      pageSize: this.pageSize,
      projection: ['workerType', 'definition.minCapacity', 'definition.maxCapacity'],
    });
    return items
      .map((item) => {
        const { workerType, definition } = parseStored(CapacityLimitsItemSchema, item, 'stored worker type');
        return { workerType, ...definition };
      })
      .sort((a, b) => a.workerType.localeCompare(b.workerType));
  }

  /**
   * Rewrites every row sealed under the current key (rows sealed under an older key, and
   * plaintext rows), so older keys can be retired. Version and lastModified stay; a row
   * changed meanwhile is left to its writer, which seals under the current key anyway.
   */
  async resealAll(): Promise<ResealCount> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize });
    const count = { resealed: 0, current: 0, changed: 0 };
    for (const item of items) {
      const sealed = ItemSchema.parse(item).sealedSecrets as Partial<Envelope> | undefined;
      if (sealed?.kid === this.keyring.current.id) {
        count.current += 1;
        continue;
      }
      const record = await this.decode(item);
      if (await this.reseal(record, sealed)) count.resealed += 1;
      else count.changed += 1;
    }
    return count;
  }

  private toItem(record: WorkerTypeRecord): Record<string, unknown> {
    const { rest, secrets } = splitSecrets(record.definition);
    return { ...record, definition: rest, sealedSecrets: sealJson(this.keyring, sealContext(record.workerType), secrets) };
  }

  /** A row as a record: from the cache when unchanged since it was parsed; plaintext rows are sealed on the way. */
  private async fromItem(item: Record<string, unknown>): Promise<WorkerTypeRecord> {
    const workerType = String(item.workerType);
    const sealed = (item.sealedSecrets as Partial<Envelope> | undefined) ?? undefined;
    const known = this.parsed.get(workerType);
    if (known && known.version === item.version && known.lastModified === item.lastModified && known.ciphertext === sealed?.ct) {
      return known.record;
    }
    const record = await this.decode(item);
    // best effort: a failed rewrite leaves the row readable, and the re-encrypt command rewrites it for sure
    if (sealed === undefined) await this.reseal(record, undefined).catch(() => false);
    return record;
  }

  private async decode(item: Record<string, unknown>): Promise<WorkerTypeRecord> {
    const { definition: rest, sealedSecrets, ...others } = parseStored(ItemSchema, item, 'stored worker type');
    let definition = rest;
    if (sealedSecrets !== undefined) {
      definition = joinSecrets(rest, openJson(this.keyring, sealContext(String(item.workerType)), sealedSecrets));
      if (definition === undefined) throw new CorruptRecordError('stored worker type', ['sealedSecrets: does not fit the definition']);
    }
    const record = deepFreeze(parseStored(StoredRecordSchema, { ...others, definition }, 'stored worker type'));
    this.parsed.set(record.workerType, {
      version: item.version,
      lastModified: item.lastModified,
      ciphertext: (sealedSecrets as Partial<Envelope> | undefined)?.ct,
      record,
    });
    return record;
  }

  /**
   * Seals a row's secrets under the current key, only if the row is still as read (same
   * version and the same envelope, or still none); resolves whether it was rewritten.
   */
  private async reseal(record: WorkerTypeRecord, read: Partial<Envelope> | undefined): Promise<boolean> {
    const { definition, sealedSecrets } = this.toItem(record);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { workerType: record.workerType },
          UpdateExpression: 'SET #definition = :definition, sealedSecrets = :sealed',
          ConditionExpression:
            read === undefined ? '#version = :version AND attribute_not_exists(sealedSecrets)' : '#version = :version AND sealedSecrets.ct = :ct',
          ExpressionAttributeNames: { '#definition': 'definition', '#version': 'version' },
          ExpressionAttributeValues: {
            ':definition': definition,
            ':sealed': sealedSecrets,
            ':version': record.version,
            ...(read === undefined ? {} : { ':ct': read.ct }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

const CapacityLimitsItemSchema = z.object({
  workerType: WorkerTypeNameSchema,
  definition: z.object({ minCapacity: z.int().min(0).default(0), maxCapacity: z.int().min(0) }),
});

/** Validates a record about to be written: the whole definition schema. */
export function validateWorkerType(workerType: string, definition: WorkerTypeDefinitionInput, now: Date, version: number): WorkerTypeRecord {
  return parseOrThrow(WorkerTypeRecordSchema, { workerType, definition, lastModified: now.toISOString(), version }, 'worker type');
}

/** Cached records are shared between callers: frozen, so none can change another's copy. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
