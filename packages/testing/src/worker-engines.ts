/**
 * One EC2 engine per jest worker, so test files run in parallel: a file resets moto and counts
 * what is in it, which two files on one moto would spoil for each other. DynamoDB Local is
 * shared (every test file uses its own table prefix). The jest global setup starts the engines
 * and publishes them in TEST_ENGINES_VARIABLE; each test file's setup (jest-setup.ts) points
 * the AWS SDK's own variables at its worker's engines, so code under test needs no change.
 */

/** Environment variable holding the engines of a jest run, as JSON (see TestEngines). */
export const TEST_ENGINES_VARIABLE = 'SPOT_PROVISIONER_TEST_ENGINES';

export interface TestEngines {
  readonly dynamodb: string;
  /** moto's endpoint for jest worker i + 1 (JEST_WORKER_ID counts from 1) */
  readonly ec2: readonly string[];
}

export function encodeTestEngines(engines: TestEngines): string {
  return JSON.stringify(engines);
}

/**
 * The AWS SDK variables pointing at this jest worker's engines; undefined when the run's
 * engines were not started by the global setup (endpoints given from outside, or none needed).
 */
export function workerEngineEnvironment(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const published = env[TEST_ENGINES_VARIABLE];
  if (!published) return undefined;
  const engines = JSON.parse(published) as TestEngines;
  const worker = Number(env.JEST_WORKER_ID ?? '1');
  const ec2 = engines.ec2[worker - 1];
  if (!Number.isInteger(worker) || ec2 === undefined) {
    throw new Error(`jest worker ${env.JEST_WORKER_ID} has no EC2 engine: the global setup started ${engines.ec2.length}`);
  }
  // moto serves SQS and EventBridge on the same port: a worker's queues and rules live beside its instances
  return { AWS_ENDPOINT_URL_EC2: ec2, AWS_ENDPOINT_URL_SQS: ec2, AWS_ENDPOINT_URL_EVENTBRIDGE: ec2, AWS_ENDPOINT_URL_DYNAMODB: engines.dynamodb };
}
