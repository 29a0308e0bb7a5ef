/**
 * Starts the engines for a jest run: one moto per jest worker (a test file resets and counts
 * EC2 state, so files running at once must not share one) and one DynamoDB Local for all
 * (test files isolate by table prefix). packages/testing's jest-setup points each test file
 * at its worker's engines. jest runs this only when a project that needs engines has tests
 * in the run (jest.config.js), so a run of the pure projects starts nothing.
 *
 * Not started: when the environment already points the AWS SDK at engines
 * (AWS_ENDPOINT_URL_EC2 / _DYNAMODB or AWS_ENDPOINT_URL; jest.config.js then runs one file at
 * a time), or when TEST_ENGINES=none (a run of unit tests only).
 */
import type { GlobalConfig } from 'jest';
import net from 'node:net';
import { encodeTestEngines, TEST_ENGINES_VARIABLE } from '@spot-provisioner/testing';
import { configuredEndpoints, EngineStartError, startDynamoDbLocal, startMoto, type RunningEngine } from './engines';

declare global {
  var __ENGINES__: RunningEngine[] | undefined;
}

/** Emulators accept any credentials, and a developer's real ones must never be used here. */
const DUMMY_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };

export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  // Node 20 (past its end of life, but CI's) would get the AWS SDK's end-of-support notice in every test file.
  if (process.versions.node.startsWith('20.')) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (process.env.TEST_ENGINES === 'none' || globalThis.__ENGINES__) return;
  if (configuredEndpoints()) {
    Object.assign(process.env, { ...DUMMY_CREDENTIALS, ...pick(process.env) });
    return;
  }
  const workers = Math.max(1, globalConfig.maxWorkers);
  const [dynamodbPort, ...motoPorts] = await freePorts(1 + workers);
  const started = await Promise.allSettled([
    startDynamoDbLocal(dynamodbPort as number),
    // tests register the AMIs they use: moto's catalog of Amazon's would cost each worker's moto seconds per region
    ...motoPorts.map((port) => startMoto(port, undefined, false, { defaultAmis: false })),
  ]);
  const engines = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  globalThis.__ENGINES__ = engines;
  const failures = started.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  if (failures.length > 0) {
    await Promise.all(engines.map((engine) => engine.stop()));
    globalThis.__ENGINES__ = undefined;
    throw new EngineStartError('engines', failures.map((failure) => failure.message).join('\n'));
  }
  const [dynamodb, ...motos] = engines as [RunningEngine, ...RunningEngine[]];
  Object.assign(process.env, {
    [TEST_ENGINES_VARIABLE]: encodeTestEngines({ dynamodb: dynamodb.endpoint, ec2: motos.map((moto) => moto.endpoint) }),
    ...DUMMY_CREDENTIALS,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  });
}

/** `count` distinct free loopback ports: all held open until each is known, so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
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
