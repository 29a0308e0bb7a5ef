/**
 * The API's benchmarks (`pnpm bench api`), against the local engines (started here unless the
 * environment points at some): request throughput against DynamoDB itself.
 */
import { engineEnvironment, startEngines, type Engines } from '@spot-provisioner/infra';
import { measureThroughput } from './throughput';

type Print = (result: Record<string, unknown>) => void;

export async function run(print: Print): Promise<void> {
  let engines: Engines | undefined;
  if (!(process.env.AWS_ENDPOINT_URL_EC2 && process.env.AWS_ENDPOINT_URL_DYNAMODB)) {
    engines = await startEngines();
    Object.assign(process.env, engineEnvironment(engines));
  }
  try {
    print(await measureThroughput());
  } finally {
    await engines?.stop();
  }
}
