/** One call that builds every repository, so the apps' composition roots stay short. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Keyring } from './crypto/keyring';
import { reportStoreUnavailability } from './repositories/availability';
import { DynamoCapacityHistoryRepository, type CapacityHistoryRepository } from './repositories/capacity-history';
import { DynamoClientRepository, type ClientRepository } from './repositories/clients';
import { DynamoDecisionRepository, type DecisionRepository } from './repositories/decisions';
import { DynamoLaunchRepository, type LaunchRepository } from './repositories/launches';
import { DynamoMarketRepository, type MarketRepository } from './repositories/markets';
import { DynamoPoolRiskRepository, type PoolRiskRepository } from './repositories/pool-risk';
import { DynamoProvisionerRepository, type ProvisionerRepository } from './repositories/provisioner';
import { DynamoSecretRepository, type SecretRepository } from './repositories/secrets';
import { DynamoWorkerStateRepository, type WorkerStateRepository } from './repositories/worker-state';
import { DynamoWorkerTypeRepository, type WorkerTypeRepository } from './repositories/worker-types';
import type { ResealCount } from './repositories/reseal';
import { DEFAULT_TABLE_PREFIX, tableNames, type TableNames } from './tables/definitions';

export interface DynamoTimeouts {
  /** Longest wait for the TCP (and TLS) connection. */
  readonly connectionTimeoutMs: number;
  /** Longest a request may take, connection included. */
  readonly requestTimeoutMs: number;
}

/** DynamoDB connects in milliseconds; 3 s without a connection means the endpoint is unreachable. */
export const DYNAMODB_CONNECTION_TIMEOUT_MS = 3_000;
/**
 * Item reads and writes answer in milliseconds and a 1 MB page well under a second; 5 s
 * without an answer means the endpoint hangs (an engine stopped mid-connection), so the
 * caller gets an error instead of waiting for as long as the fault lasts.
 */
export const DYNAMODB_REQUEST_TIMEOUT_MS = 5_000;
/** One retry of a transient failure: more would outlast the patience of an API request. */
export const DYNAMODB_MAX_ATTEMPTS = 2;

/** With a client waiting on the API, DynamoDB in the same region connects at once or is not coming. */
export const DYNAMODB_INTERACTIVE_CONNECTION_TIMEOUT_MS = 1_000;
/** With a client waiting on the API, a single-item read or write silent this long is hung: better a 503 now. */
export const DYNAMODB_INTERACTIVE_REQUEST_TIMEOUT_MS = 3_000;

export const DEFAULT_DYNAMODB_TIMEOUTS: DynamoTimeouts = {
  connectionTimeoutMs: DYNAMODB_CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: DYNAMODB_REQUEST_TIMEOUT_MS,
};
/** The API's: a caller waits at most about DYNAMODB_MAX_ATTEMPTS × (connect + request) before a 503. */
export const INTERACTIVE_DYNAMODB_TIMEOUTS: DynamoTimeouts = {
  connectionTimeoutMs: DYNAMODB_INTERACTIVE_CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: DYNAMODB_INTERACTIVE_REQUEST_TIMEOUT_MS,
};

export interface DynamoClientOptions {
  /** Overrides the environment's endpoint (tests put a fault proxy in front of DynamoDB Local). */
  readonly endpoint?: string;
  /** DEFAULT_DYNAMODB_TIMEOUTS unless given; a caller with a client waiting (the API) uses INTERACTIVE_DYNAMODB_TIMEOUTS. */
  readonly timeouts?: DynamoTimeouts;
  /** Every failure to reach DynamoDB becomes a StoreUnavailableError (the API answers 503 for it). */
  readonly reportUnavailability?: boolean;
}

/** A DynamoDB client with timeouts; endpoint (unless given) and credentials from the SDK's environment. */
export function createDynamoClient(region: string, options: DynamoClientOptions = {}): DynamoDBClient {
  const timeouts = options.timeouts ?? DEFAULT_DYNAMODB_TIMEOUTS;
  const client = new DynamoDBClient({
    region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: DYNAMODB_MAX_ATTEMPTS,
    // without throwOnRequestTimeout the SDK's handler only logs a warning when requestTimeout passes
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
  return options.reportUnavailability ? reportStoreUnavailability(client) : client;
}

/**
 * A document client with the marshalling the repositories expect: undefined members
 * dropped, numbers as JS numbers. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB.
 * convertClassInstanceToMap: the marshaller tells plain objects by `value.constructor`, so a
 * JSON object with a key named "constructor" (legal in userData) would be refused as a
 * class instance; everything stored here is parsed JSON, so every object is a map.
 */
export function createDocumentClient(options: { region: string } | { client: DynamoDBClient }): DynamoDBDocumentClient {
  const client = 'client' in options ? options.client : createDynamoClient(options.region);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false, convertClassInstanceToMap: true },
  });
}

export type RepositoriesOptions = ({ documentClient: DynamoDBDocumentClient } | { region: string }) & {
  /** Table name prefix; defaults to `Provisioner`. */
  readonly prefix?: string;
  /** Decrypts secrets, client tokens and definitions' secrets; the current key encrypts. */
  readonly keyring: Keyring;
  /** Scan/query page size; tests force a small one. Default: DynamoDB's 1 MB pages. */
  readonly pageSize?: number;
};

export interface Repositories {
  readonly workerTypes: WorkerTypeRepository;
  readonly secrets: SecretRepository;
  readonly workerState: WorkerStateRepository;
  readonly launches: LaunchRepository;
  readonly provisioner: ProvisionerRepository;
  readonly clients: ClientRepository;
  readonly decisions: DecisionRepository;
  readonly capacityHistory: CapacityHistoryRepository;
  readonly markets: MarketRepository;
  readonly poolRisk: PoolRiskRepository;
  readonly tableNames: TableNames;
  readonly documentClient: DynamoDBDocumentClient;
}

export function createRepositories(options: RepositoriesOptions): Repositories {
  const client = 'documentClient' in options ? options.documentClient : createDocumentClient({ region: options.region });
  const names = tableNames(options.prefix ?? DEFAULT_TABLE_PREFIX);
  const { keyring, pageSize } = options;
  return {
    workerTypes: new DynamoWorkerTypeRepository({ client, tableName: names.WorkerTypes, keyring, pageSize }),
    secrets: new DynamoSecretRepository({ client, tableName: names.Secrets, keyring }),
    workerState: new DynamoWorkerStateRepository({ client, tableName: names.WorkerState, pageSize }),
    launches: new DynamoLaunchRepository({ client, tableName: names.Launches, pageSize }),
    provisioner: new DynamoProvisionerRepository({ client, tableName: names.Provisioner }),
    clients: new DynamoClientRepository({ client, tableName: names.Clients, keyring, pageSize }),
    decisions: new DynamoDecisionRepository({ client, tableName: names.Decisions }),
    capacityHistory: new DynamoCapacityHistoryRepository({ client, tableName: names.CapacityHistory }),
    markets: new DynamoMarketRepository({ client, tableName: names.Markets }),
    poolRisk: new DynamoPoolRiskRepository({ client, tableName: names.PoolRisk, pageSize }),
    tableNames: names,
    documentClient: client,
  };
}

/** The tables holding sealed values, as the re-encrypt command reports them. */
export const SEALED_TABLES = ['Secrets', 'Clients', 'WorkerTypes'] as const;

/**
 * Rewrites every sealed value (Secrets payloads, client access tokens, definitions' secrets)
 * under the keyring's current key, table by table, so the previous keys can be retired.
 */
export async function resealTables(options: RepositoriesOptions): Promise<Record<(typeof SEALED_TABLES)[number], ResealCount>> {
  const client = 'documentClient' in options ? options.documentClient : createDocumentClient({ region: options.region });
  const names = tableNames(options.prefix ?? DEFAULT_TABLE_PREFIX);
  const { keyring, pageSize } = options;
  return {
    Secrets: await new DynamoSecretRepository({ client, tableName: names.Secrets, keyring }).resealAll(),
    Clients: await new DynamoClientRepository({ client, tableName: names.Clients, keyring, pageSize }).resealAll(),
    WorkerTypes: await new DynamoWorkerTypeRepository({ client, tableName: names.WorkerTypes, keyring, pageSize }).resealAll(),
  };
}
