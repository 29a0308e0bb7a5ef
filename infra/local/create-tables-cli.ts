/**
 * `pnpm tables`: creates the provisioner's DynamoDB tables under TABLE_PREFIX (idempotent).
 * Talks to whatever the AWS SDK's environment points at: an engine, LocalStack, or real AWS
 * (for real AWS prefer the CloudFormation template in infra/aws).
 */
import { tablePrefixFromEnv } from '@spot-provisioner/model';
import { ensureTables } from './tables';

ensureTables(tablePrefixFromEnv())
  .then((tables) => {
    for (const table of tables) console.log(`${table.created ? 'created' : 'exists '} ${table.tableName}`);
  })
  .catch((err: unknown) => {
    console.error(`creating tables failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
