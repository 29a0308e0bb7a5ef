import { createDynamoClient, createTables, type TableCreation } from '@spot-provisioner/model';

/**
 * Creates the tables that are missing; existing ones are left as they are. The SDK finds the
 * endpoint (AWS_ENDPOINT_URL_DYNAMODB) and credentials in the environment, as everywhere.
 */
export async function ensureTables(prefix: string): Promise<TableCreation[]> {
  const client = createDynamoClient(process.env.AWS_REGION ?? 'us-east-1');
  try {
    return await createTables({ client, prefix });
  } finally {
    client.destroy();
  }
}
