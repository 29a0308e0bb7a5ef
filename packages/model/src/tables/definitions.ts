/**
 * The tables as plain data, so a CloudFormation template, a CLI and createTables all
 * derive from one description. Every key attribute is a string.
 */
import type { AttributeDefinition, KeySchemaElement } from '@aws-sdk/client-dynamodb';

export const DEFAULT_TABLE_PREFIX = 'Provisioner';

export type LogicalTableName =
  | 'WorkerTypes'
  | 'Secrets'
  | 'WorkerState'
  | 'Launches'
  | 'Provisioner'
  | 'Clients'
  | 'Decisions'
  | 'CapacityHistory'
  | 'Markets'
  | 'PoolRisk';

export interface TableDefinition {
  readonly logicalName: LogicalTableName;
  /** `${prefix}${logicalName}` */
  readonly tableName: string;
  readonly keySchema: readonly KeySchemaElement[];
  readonly attributeDefinitions: readonly AttributeDefinition[];
  /** Attribute holding epoch seconds after which DynamoDB may delete the item; reads enforce expiry too. */
  readonly ttlAttribute?: string;
}

/** Epoch-seconds attribute name used for DynamoDB TTL on every table that expires items. */
export const TTL_ATTRIBUTE = 'ttl';

interface TableShape {
  readonly logicalName: LogicalTableName;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly ttl: boolean;
}

const TABLES: readonly TableShape[] = [
  { logicalName: 'WorkerTypes', hashKey: 'workerType', ttl: false },
  { logicalName: 'Secrets', hashKey: 'token', ttl: true },
  { logicalName: 'WorkerState', hashKey: 'workerType', ttl: false },
  { logicalName: 'Launches', hashKey: 'workerType', rangeKey: 'launchId', ttl: true },
  { logicalName: 'Provisioner', hashKey: 'key', ttl: false },
  { logicalName: 'Clients', hashKey: 'clientId', ttl: false },
  { logicalName: 'Decisions', hashKey: 'workerType', ttl: false },
  { logicalName: 'CapacityHistory', hashKey: 'workerType', rangeKey: 'time', ttl: true },
  { logicalName: 'Markets', hashKey: 'region', ttl: false },
  { logicalName: 'PoolRisk', hashKey: 'pool', ttl: false },
];

function define(prefix: string, shape: TableShape): TableDefinition {
  const keys = shape.rangeKey ? [shape.hashKey, shape.rangeKey] : [shape.hashKey];
  return {
    logicalName: shape.logicalName,
    tableName: `${prefix}${shape.logicalName}`,
    keySchema: keys.map((name, index) => ({ AttributeName: name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
    attributeDefinitions: keys.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    ...(shape.ttl ? { ttlAttribute: TTL_ATTRIBUTE } : {}),
  };
}

export function tableDefinitions(prefix: string = DEFAULT_TABLE_PREFIX): readonly TableDefinition[] {
  return TABLES.map((shape) => define(prefix, shape));
}

export type TableNames = Readonly<Record<LogicalTableName, string>>;

export function tableNames(prefix: string = DEFAULT_TABLE_PREFIX): TableNames {
  return Object.fromEntries(TABLES.map((shape) => [shape.logicalName, `${prefix}${shape.logicalName}`])) as Record<
    LogicalTableName,
    string
  >;
}

/** `TABLE_PREFIX` from the environment, defaulting to `Provisioner`. */
export function tablePrefixFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const prefix = env.TABLE_PREFIX?.trim();
  return prefix ? prefix : DEFAULT_TABLE_PREFIX;
}
