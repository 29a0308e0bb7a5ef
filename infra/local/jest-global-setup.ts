/**
 * Starts moto and DynamoDB Local for the whole test run, unless the environment already
 * points the AWS SDK at engines (AWS_ENDPOINT_URL_EC2 / _DYNAMODB or AWS_ENDPOINT_URL).
 * Workers inherit process.env, so every test finds the endpoints there.
 */
import { configuredEndpoints, engineEnvironment, startEngines, type Engines } from './engines';

declare global {
  var __ENGINES__: Engines | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Node 20 is this machine's; the SDK's end-of-support notice would repeat in every test file.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (configuredEndpoints()) {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', ...pick(process.env) });
    return;
  }
  const engines = await startEngines();
  globalThis.__ENGINES__ = engines;
  Object.assign(process.env, engineEnvironment(engines));
}

/** Keeps credentials that are already set (e.g. for LocalStack). */
function pick(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
    const value = env[key];
    if (value) kept[key] = value;
  }
  return kept;
}
