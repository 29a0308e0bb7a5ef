/**
 * Clients table: API clients other than the configured root. The access token is
 * needed in plaintext to verify Hawk signatures, so it is encrypted (bound to the
 * clientId), not hashed.
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EnvelopeSchema, openJson, sealJson } from '../crypto/envelope';
import type { Keyring } from '../crypto/keyring';
import { ClientAlreadyExistsError, ClientNotFoundError } from '../errors';
import {
  ApiClientSchema,
  NewApiClientSchema,
  type ApiClient,
  type ApiClientWithToken,
  type NewApiClient,
} from '../schemas/client';
import { isConditionFailed, parseOrThrow, parseStored, scanAll, withoutUndefined } from './dynamo';
import { resealAttribute, type ResealCount } from './reseal';
import { z } from 'zod';

/** 33 random bytes give a 44-character base64url token, like Taskcluster's access tokens. */
const ACCESS_TOKEN_BYTES = 33;

const StoredClientSchema = ApiClientSchema.extend({ accessToken: EnvelopeSchema });

export interface ApiClientCreation {
  readonly client: ApiClient;
  /** Shown once to the creator; only its ciphertext is stored. */
  readonly accessToken: string;
}

export interface ClientRepository {
  /** Creates a client with a fresh access token; throws ClientAlreadyExistsError. */
  create(client: NewApiClient, now: Date): Promise<ApiClientCreation>;
  /** The client with its decrypted access token; null when absent or expired. */
  get(clientId: string, now: Date): Promise<ApiClientWithToken | null>;
  /** Every client (expired ones included), without access tokens, all pages. */
  list(): Promise<ApiClient[]>;
  /** Idempotent; resolves true when something was deleted. */
  delete(clientId: string): Promise<boolean>;
  /** Replaces the access token and returns the new one; throws ClientNotFoundError. */
  rotateAccessToken(clientId: string, now: Date): Promise<string>;
}

export interface DynamoClientRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly keyring: Keyring;
  readonly pageSize?: number;
}

const sealContext = (clientId: string): string => `client:${clientId}`;

export function generateAccessToken(): string {
  return randomBytes(ACCESS_TOKEN_BYTES).toString('base64url');
}

export class DynamoClientRepository implements ClientRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly keyring: Keyring;
  private readonly pageSize: number | undefined;

  constructor(options: DynamoClientRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.keyring = options.keyring;
    this.pageSize = options.pageSize;
  }

  async create(newClient: NewApiClient, now: Date): Promise<ApiClientCreation> {
    const valid = parseOrThrow(NewApiClientSchema, newClient, 'client');
    const client: ApiClient = withoutUndefined({
      ...valid,
      expires: valid.expires === undefined ? undefined : new Date(valid.expires).toISOString(),
      createdAt: now.toISOString(),
      lastRotated: now.toISOString(),
    });
    const accessToken = generateAccessToken();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...client, accessToken: sealJson(this.keyring, sealContext(client.clientId), accessToken) },
          ConditionExpression: 'attribute_not_exists(clientId)',
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ClientAlreadyExistsError(client.clientId);
      throw error;
    }
    return { client, accessToken };
  }

  async get(clientId: string, now: Date): Promise<ApiClientWithToken | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { clientId }, ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const { accessToken: sealed, ...client } = parseStored(StoredClientSchema, result.Item, 'stored client');
    if (client.expires !== undefined && Date.parse(client.expires) <= now.getTime()) return null;
    const accessToken = parseStored(z.string(), openJson(this.keyring, sealContext(clientId), sealed), 'access token');
    return { ...client, accessToken };
  }

  async list(): Promise<ApiClient[]> {
    const items = await scanAll(this.client, this.tableName, { pageSize: this.pageSize });
    return items
      .map((item) => {
        const { accessToken: _sealed, ...client } = parseStored(StoredClientSchema, item, 'stored client');
        return client;
      })
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
  }

  async delete(clientId: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { clientId }, ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  async rotateAccessToken(clientId: string, now: Date): Promise<string> {
    const accessToken = generateAccessToken();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { clientId },
          UpdateExpression: 'SET accessToken = :token, lastRotated = :now',
          ConditionExpression: 'attribute_exists(clientId)',
          ExpressionAttributeValues: {
            ':token': sealJson(this.keyring, sealContext(clientId), accessToken),
            ':now': now.toISOString(),
          },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ClientNotFoundError(clientId);
      throw error;
    }
    return accessToken;
  }

  /** Rewrites every access token under the current key (key rotation). */
  async resealAll(): Promise<ResealCount> {
    return resealAttribute({
      client: this.client,
      tableName: this.tableName,
      keyring: this.keyring,
      key: 'clientId',
      attribute: 'accessToken',
      context: sealContext,
      pageSize: this.pageSize,
    });
  }
}
