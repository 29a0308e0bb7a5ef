import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables, type TableCreation } from '@spot-provisioner/model';

export interface EnsureTablesOptions {
  readonly prefix: string;
  /** Environment whose AWS_* variables point the SDK at DynamoDB (an engine, or real AWS). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Creates the tables that are missing; existing ones are left as they are. */
export async function ensureTables({ prefix, env = process.env }: EnsureTablesOptions): Promise<TableCreation[]> {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  const client = new DynamoDBClient({
    region: env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } }
      : {}),
  });
  try {
    return await createTables({ client, prefix });
  } finally {
    client.destroy();
  }
}
