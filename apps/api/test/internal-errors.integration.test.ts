import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { tableNames } from '@spot-provisioner/model';
import { LogCapture, TEST_REGION } from '@spot-provisioner/testing';
import { buildApp } from '../src';
import type { Ec2ReferenceChecker } from '../src/ec2/ec2-checker';
import { call, launchableDefinition, ROOT, testApiForFile, V1 } from './support';

describe('internal errors', () => {
  const api = testApiForFile('api5xx');

  it('answer 500 with a fixed message and keep the details for the log', async () => {
    const logs = new LogCapture();
    const failing = {
      ...api.deps.repositories,
      workerTypes: {
        ...api.deps.repositories.workerTypes,
        listNames: async (): Promise<string[]> => {
          throw new Error('ResourceNotFoundException: table Provisionerabc123WorkerTypes at 10.0.0.7');
        },
      },
    };
    const app = await buildApp({ ...api.deps, repositories: failing, logger: { stream: logs } });
    try {
      const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${baseUrl}${V1}/list-worker-types`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ code: 'InternalServerError', message: 'internal error; the API log has the details' });
      expect(text).not.toMatch(/Provisionerabc123|10\.0\.0\.7|at /);
      expect(logs.text).toContain('Provisionerabc123WorkerTypes');
    } finally {
      await app.close();
    }
  });

  it('answers 500 without schema details to a stored row that fails to parse, and logs what is wrong', async () => {
    const dynamo = new DynamoDBClient({ region: TEST_REGION });
    await dynamo.send(
      new PutItemCommand({
        TableName: tableNames(api.tablePrefix).WorkerTypes,
        Item: {
          workerType: { S: 'mangled' },
          definition: { M: { maxCapacity: { S: 'lots' } } },
          lastModified: { S: 'yesterday' },
          version: { N: '1' },
        },
      }),
    );
    dynamo.destroy();
    for (const url of [`${V1}/worker-type/mangled`, `${V1}/worker-type-last-modified/mangled`, `${V1}/state/mangled`]) {
      const response = await call(api, { method: 'GET', url, credentials: ROOT });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ code: 'InternalServerError', message: 'internal error; the API log has the details' });
    }
    expect(api.logs.text).toMatch(/corrupt stored worker type: .*maxCapacity/);
  });

  it('answers 503 with Retry-After to an error that declares itself unavailable (the EC2 gateway when throttled)', async () => {
    const throttled = Object.assign(new Error('EC2 throttled DescribeImages in us-east-1'), { kind: 'unavailable', retryAfterSeconds: 7 });
    const ec2: Ec2ReferenceChecker = { missingReferences: async () => Promise.reject(throttled) };
    const app = await buildApp({ ...api.deps, ec2, logger: false });
    try {
      const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await call(
        { baseUrl, clock: api.clock },
        { method: 'PUT', url: `${V1}/worker-type/throttled`, payload: launchableDefinition(api), credentials: ROOT },
      );
      expect(response.statusCode).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.json()).toEqual({ code: 'ServiceUnavailable', message: 'EC2 throttled DescribeImages in us-east-1; retry after 7 s' });
      expect(await api.deps.repositories.workerTypes.get('throttled')).toBeNull();
    } finally {
      await app.close();
    }
  });
});
