/**
 * `pnpm engines`: starts moto and DynamoDB Local in the foreground, prints their endpoints,
 * and stops both on Ctrl-C. Ports come from MOTO_PORT / DYNAMODB_PORT or are picked free.
 */
import { EngineStartError, startEngines } from './engines';

async function main(): Promise<void> {
  const engines = await startEngines();
  console.log(`EC2 endpoint: ${engines.ec2Endpoint}`);
  console.log(`DynamoDB endpoint: ${engines.dynamodbEndpoint}`);
  console.log('Ctrl-C stops both engines.');
  const stop = async () => {
    await engines.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof EngineStartError ? err.message : err);
  process.exit(1);
});
