/**
 * Idempotent table creation for local engines, tests and the CLI: creates what is
 * missing (on-demand billing), waits until ACTIVE, enables TTL where defined.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_TABLE_PREFIX, tableDefinitions, type TableDefinition } from './definitions';

/** Table creation takes seconds on AWS; two minutes means something is wrong. */
const TABLE_WAIT_SECONDS = 120;

export interface TablesOptions {
  readonly client: DynamoDBClient;
  readonly prefix?: string;
}

export interface TableCreation {
  readonly tableName: string;
  readonly created: boolean;
}

async function createTable(client: DynamoDBClient, table: TableDefinition): Promise<boolean> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table.tableName,
        KeySchema: [...table.keySchema],
        AttributeDefinitions: [...table.attributeDefinitions],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
}

async function enableTtl(client: DynamoDBClient, table: TableDefinition): Promise<void> {
  if (!table.ttlAttribute) return;
  const described = await client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
  const status = described.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: table.tableName,
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
    }),
  );
}

export async function createTables({ client, prefix = DEFAULT_TABLE_PREFIX }: TablesOptions): Promise<TableCreation[]> {
  const results: TableCreation[] = [];
  for (const table of tableDefinitions(prefix)) {
    const created = await createTable(client, table);
    await waitUntilTableExists({ client, maxWaitTime: TABLE_WAIT_SECONDS }, { TableName: table.tableName });
    await enableTtl(client, table);
    results.push({ tableName: table.tableName, created });
  }
  return results;
}

/** Deletes the prefix's tables (absent ones are fine): for tests and throwaway stacks. */
export async function deleteTables({ client, prefix = DEFAULT_TABLE_PREFIX }: TablesOptions): Promise<void> {
  for (const table of tableDefinitions(prefix)) {
    try {
      await client.send(new DeleteTableCommand({ TableName: table.tableName }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) continue;
      throw error;
    }
    await waitUntilTableNotExists({ client, maxWaitTime: TABLE_WAIT_SECONDS }, { TableName: table.tableName });
  }
}
