import { DYNAMODB_MAX_ATTEMPTS, INTERACTIVE_DYNAMODB_TIMEOUTS } from '@spot-provisioner/model';
import { engineEndpoints, startFaultProxy, type FaultProxy } from '@spot-provisioner/testing';
import { call, ROOT, startTestApi, V1, type TestApi } from './support';

/** The longest an API request may wait on a silent store before answering 503; how long it takes is a `pnpm bench api` line. */
const { connectionTimeoutMs, requestTimeoutMs } = INTERACTIVE_DYNAMODB_TIMEOUTS;
const ANSWER_WITHIN_MS = DYNAMODB_MAX_ATTEMPTS * (connectionTimeoutMs + requestTimeoutMs) + 2_000;

describe('DynamoDB unavailable answers 503 with Retry-After', () => {
  let proxy: FaultProxy;
  let api: TestApi;
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

  beforeAll(async () => {
    proxy = await startFaultProxy(engineEndpoints().dynamodb);
    // the API's DynamoDB client reads it when its first request goes out
    process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
    api = await startTestApi('apidown', { ec2: false, settings: { logger: false } });
  });
  afterAll(async () => {
    await api.close();
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
      const response = await call(api, request);
      expect(proxy.connections).toBeGreaterThan(connectionsBefore); // it did try the store
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.json()).toEqual({ code: 'ServiceUnavailable', message: expect.stringMatching(/^the data store is unavailable/) });
    }
  }, 4 * ANSWER_WITHIN_MS);

  it('answers normally again once the store is back', async () => {
    proxy.mode = 'refuse';
    expect((await call(api, { method: 'GET', url: `${V1}/list-worker-types` })).statusCode).toBe(503);
    proxy.mode = 'pass';
    const response = await call(api, { method: 'GET', url: `${V1}/list-worker-types` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});
