/** The local engines for a benchmark: started here unless the environment points at some. */
import { engineEnvironment, startEngines, type Engines } from '@spot-provisioner/infra';

export async function withLocalEngines<T>(work: () => Promise<T>): Promise<T> {
  let engines: Engines | undefined;
  if (!(process.env.AWS_ENDPOINT_URL_EC2 && process.env.AWS_ENDPOINT_URL_DYNAMODB)) {
    engines = await startEngines();
    Object.assign(process.env, engineEnvironment(engines));
  }
  try {
    return await work();
  } finally {
    await engines?.stop();
  }
}
