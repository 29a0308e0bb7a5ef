import { devKeyring, DYNAMODB_MAX_ATTEMPTS, INTERACTIVE_DYNAMODB_TIMEOUTS } from '@spot-provisioner/model';
import { engineEndpoints, startFaultProxy, TEST_REGION, uniqueTablePrefix, type FaultProxy } from '@spot-provisioner/testing';
import { buildApp, createApiDeps, type ApiDeps } from '../src';
import { call, ROOT, ROOT_ACCESS_TOKEN, ROOT_CLIENT_ID, TestClock, V1 } from './support';
import type { FastifyInstance } from 'fastify';

/** The longest an API request may wait on a silent store before answering 503; how long it takes is a `pnpm bench api` line. */
const { connectionTimeoutMs, requestTimeoutMs } = INTERACTIVE_DYNAMODB_TIMEOUTS;
const ANSWER_WITHIN_MS = DYNAMODB_MAX_ATTEMPTS * (connectionTimeoutMs + requestTimeoutMs) + 2_000;

describe('DynamoDB unavailable answers 503 with Retry-After', () => {
  let proxy: FaultProxy;
  let deps: ApiDeps;
  let app: FastifyInstance;
  let baseUrl: string;
  const clock = new TestClock();
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

  beforeAll(async () => {
    proxy = await startFaultProxy(engineEndpoints().dynamodb);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
    deps = createApiDeps({
      region: TEST_REGION,
      tablePrefix: uniqueTablePrefix('apidown'),
      keyring: devKeyring(),
      rootClientId: ROOT_CLIENT_ID,
      rootAccessToken: ROOT_ACCESS_TOKEN,
      clock: clock.now,
      logger: false,
    });
    await deps.createTables();
    app = await buildApp(deps);
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    deps.close();
    await proxy.close();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
  });
  afterEach(() => {
    proxy.mode = 'pass';
  });

  // A store that hangs never answers: an answer at all is the client's timeouts at work.
  it.each(['refuse', 'hang'] as const)('when the store %ss connections, instead of waiting on it', async (mode) => {
    proxy.mode = mode;
    for (const request of [
      { method: 'GET' as const, url: `${V1}/list-worker-types` },
      { method: 'GET' as const, url: `${V1}/worker-type/some-type`, credentials: ROOT },
    ]) {
      const connectionsBefore = proxy.connections;
      const response = await call({ baseUrl, clock }, request);
      expect(proxy.connections).toBeGreaterThan(connectionsBefore); // it did try the store
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.json()).toEqual({ code: 'ServiceUnavailable', message: expect.stringMatching(/^the data store is unavailable/) });
    }
  }, 4 * ANSWER_WITHIN_MS);

  it('answers normally again once the store is back', async () => {
    proxy.mode = 'refuse';
    expect((await call({ baseUrl, clock }, { method: 'GET', url: `${V1}/list-worker-types` })).statusCode).toBe(503);
    proxy.mode = 'pass';
    const response = await call({ baseUrl, clock }, { method: 'GET', url: `${V1}/list-worker-types` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});
