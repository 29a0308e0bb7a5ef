/** EC2 throttling while a worker type is validated: 503 with Retry-After, never 500, nothing stored. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { devKeyring } from '@spot-provisioner/model';
import { TEST_REGION, uniqueTablePrefix } from '@spot-provisioner/testing';
import type { FastifyInstance } from 'fastify';
import { AwsEc2ReferenceChecker, buildApp, createApiDeps, type ApiDeps } from '../src';
import { ALLOWED_REGIONS, call, launchableDefinition, ROOT, ROOT_ACCESS_TOKEN, ROOT_CLIENT_ID, TestClock, V1 } from './support';

/** A client whose every call EC2 answers with RequestLimitExceeded. */
function throttledClient(region: string): EC2Client {
  const client = new EC2Client({ region, maxAttempts: 1 });
  client.middlewareStack.add(
    () => async () => {
      throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded', $fault: 'client' });
    },
    { step: 'initialize', name: 'alwaysThrottle' },
  );
  return client;
}

describe('createWorkerType while EC2 throttles', () => {
  let deps: ApiDeps;
  let app: FastifyInstance;
  let baseUrl: string;
  const clock = new TestClock();

  beforeAll(async () => {
    deps = createApiDeps({
      region: TEST_REGION,
      tablePrefix: uniqueTablePrefix('throttled'),
      keyring: devKeyring(),
      rootClientId: ROOT_CLIENT_ID,
      rootAccessToken: ROOT_ACCESS_TOKEN,
      allowedRegions: [...ALLOWED_REGIONS],
      clock: clock.now,
      logger: false,
    });
    await deps.createTables();
    app = await buildApp({ ...deps, ec2: new AwsEc2ReferenceChecker({ clientFor: throttledClient, sleep: async () => undefined }) });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    deps.close();
  });

  it('answers 503 with Retry-After and stores nothing', async () => {
    const definition = launchableDefinition({ 'us-east-1': 'ami-0123456789abcdef0', 'us-west-2': 'ami-0123456789abcdef1' });
    const response = await call({ baseUrl, clock }, { method: 'PUT', url: `${V1}/worker-type/wt-throttled`, payload: definition, credentials: ROOT });
    expect(response.statusCode).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.json()).toMatchObject({ code: 'ServiceUnavailable' });
    const fetched = await call({ baseUrl, clock }, { method: 'GET', url: `${V1}/worker-type/wt-throttled`, credentials: ROOT });
    expect(fetched.statusCode).toBe(404);
  });
});
