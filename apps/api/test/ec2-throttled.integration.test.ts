/** EC2 throttling while a worker type is validated: 503 with Retry-After, never 500, nothing stored. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { AwsEc2ReferenceChecker } from '../src';
import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';

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
  const api = testApiForFile('throttled', {
    ec2: false,
    settings: { logger: false },
    app: (deps) => ({ ...deps, ec2: new AwsEc2ReferenceChecker({ clientFor: throttledClient, sleep: async () => undefined }) }),
  });

  it('answers 503 with Retry-After and stores nothing', async () => {
    const definition = launchableDefinition({ images: { 'us-east-1': 'ami-0123456789abcdef0', 'us-west-2': 'ami-0123456789abcdef1' }, securityGroup: 'ci-workers' });
    const response = await call(api, { method: 'PUT', url: `${V1}/worker-type/wt-throttled`, payload: definition, credentials: ROOT });
    expect(response.statusCode).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.json()).toMatchObject({ code: 'ServiceUnavailable' });
    const fetched = await call(api, { method: 'GET', url: `${V1}/worker-type/wt-throttled`, credentials: ROOT });
    expect(fetched.statusCode).toBe(404);
  });
});
