/** One call that builds every repository, so the apps' composition roots stay short. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Keyring } from './crypto/keyring';
import { DynamoCapacityHistoryRepository, type CapacityHistoryRepository } from './repositories/capacity-history';
import { DynamoClientRepository, type ClientRepository } from './repositories/clients';
import { DynamoDecisionRepository, type DecisionRepository } from './repositories/decisions';
import { DynamoLaunchRepository, type LaunchRepository } from './repositories/launches';
import { DynamoMarketRepository, type MarketRepository } from './repositories/markets';
import { DynamoProvisionerRepository, type ProvisionerRepository } from './repositories/provisioner';
import { DynamoSecretRepository, type SecretRepository } from './repositories/secrets';
import { DynamoWorkerStateRepository, type WorkerStateRepository } from './repositories/worker-state';
import { DynamoWorkerTypeRepository, type WorkerTypeRepository } from './repositories/worker-types';
import { DEFAULT_TABLE_PREFIX, tableNames, type TableNames } from './tables/definitions';

/**
 * A document client with the marshalling the repositories expect: undefined members
 * dropped, numbers as JS numbers. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB.
 * convertClassInstanceToMap: the marshaller tells plain objects by `value.constructor`, so a
 * JSON object with a key named "constructor" (legal in userData) would be refused as a
 * class instance; everything stored here is parsed JSON, so every object is a map.
 */
export function createDocumentClient(options: { region: string } | { client: DynamoDBClient }): DynamoDBDocumentClient {
  const client = 'client' in options ? options.client : new DynamoDBClient({ region: options.region });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false, convertClassInstanceToMap: true },
  });
}

export type RepositoriesOptions = ({ documentClient: DynamoDBDocumentClient } | { region: string }) & {
  /** Table name prefix; defaults to `Provisioner`. */
  readonly prefix?: string;
  /** Decrypts secrets and client tokens; the current key encrypts. */
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
  readonly tableNames: TableNames;
  readonly documentClient: DynamoDBDocumentClient;
}

export function createRepositories(options: RepositoriesOptions): Repositories {
  const client = 'documentClient' in options ? options.documentClient : createDocumentClient({ region: options.region });
  const names = tableNames(options.prefix ?? DEFAULT_TABLE_PREFIX);
  const { keyring, pageSize } = options;
  return {
    workerTypes: new DynamoWorkerTypeRepository({ client, tableName: names.WorkerTypes, pageSize }),
    secrets: new DynamoSecretRepository({ client, tableName: names.Secrets, keyring }),
    workerState: new DynamoWorkerStateRepository({ client, tableName: names.WorkerState, pageSize }),
    launches: new DynamoLaunchRepository({ client, tableName: names.Launches, pageSize }),
    provisioner: new DynamoProvisionerRepository({ client, tableName: names.Provisioner }),
    clients: new DynamoClientRepository({ client, tableName: names.Clients, keyring, pageSize }),
    decisions: new DynamoDecisionRepository({ client, tableName: names.Decisions }),
    capacityHistory: new DynamoCapacityHistoryRepository({ client, tableName: names.CapacityHistory }),
    markets: new DynamoMarketRepository({ client, tableName: names.Markets }),
    tableNames: names,
    documentClient: client,
  };
}
