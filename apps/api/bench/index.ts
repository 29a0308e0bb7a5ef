/**
 * The API's benchmarks (`pnpm bench api`), against the local engines (started here unless the
 * environment points at some): request throughput against DynamoDB itself, and ping's latency
 * while one client runs plan previews at the limits.
 */
import { engineEnvironment, startEngines, type Engines } from '@spot-provisioner/infra';
import { measurePreviewPing } from './preview-ping';
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
    print(await measurePreviewPing());
  } finally {
    await engines?.stop();
  }
}
