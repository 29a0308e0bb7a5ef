/**
 * The test harness every package's tests use: where the engines are and how to reset them,
 * the clock tests move, log capture, per-test and per-file set-up, the worker-type definition
 * builder and the sample data, the fault proxy. A test that needs AWS fails loudly when no
 * engine is configured; it never skips. It imports nothing of ours (docs/architecture.md).
 */
import { randomBytes } from 'node:crypto';

export interface EngineEndpoints {
  readonly ec2: string;
  readonly dynamodb: string;
  /** moto serves SQS (and EventBridge) beside EC2. */
  readonly sqs: string;
}

export function engineEndpoints(): EngineEndpoints {
  const fallback = process.env.AWS_ENDPOINT_URL;
  const ec2 = process.env.AWS_ENDPOINT_URL_EC2 ?? fallback;
  const dynamodb = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? fallback;
  if (!ec2 || !dynamodb) {
    throw new Error(
      'No AWS engine endpoints in the environment: run tests through jest (its global setup starts moto and DynamoDB Local) or set AWS_ENDPOINT_URL_EC2 and AWS_ENDPOINT_URL_DYNAMODB',
    );
  }
  return { ec2, dynamodb, sqs: process.env.AWS_ENDPOINT_URL_SQS ?? ec2 };
}

/** Forgets every EC2 resource moto holds (instances, spot requests, key pairs, ...). */
export async function resetMoto(): Promise<void> {
  const response = await fetch(`${engineEndpoints().ec2}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

/** A table prefix no other test file uses, so test files share DynamoDB Local without interfering. */
export function uniqueTablePrefix(label = 't'): string {
  return `${label.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(4).toString('hex')}`;
}

/** Region every test uses unless it says otherwise; moto and DynamoDB Local accept any. */
export const TEST_REGION = 'us-east-1';
export { startFaultProxy, type FaultMode, type FaultProxy } from './fault-proxy';
export { encodeTestEngines, TEST_ENGINES_VARIABLE, workerEngineEnvironment, type TestEngines } from './worker-engines';
export { JEST_COUNTS_LINE, resemblesRunnerSummary, runnerSummaryLookalikes } from './runner-summary';
export { TestClock } from './clock';
export { LogCapture } from './log-capture';
export { eachFile, eachTest } from './lifecycle';
export { instanceTypeEntry, PLACEHOLDER_IMAGE_ID, regionEntry, workerTypeDefinition, zoneEntry, type DefinitionLiteral } from './definition';
export {
  DATA_DIR,
  spotPriceSample,
  spotPriceSamplePath,
  workerTypeSample,
  workerTypeSamplePath,
  type SpotPriceSample,
  type WorkerTypeSample,
} from './fixtures';
