import { OPENAPI_PATH, DOCS_PATH } from '../src/http/openapi';
import { startTestApi, type TestApi } from './support';

describe('API documentation built by buildApp', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('apidocs');
  });
  afterAll(async () => api.close());

  it('serves the browsable docs page through fastify inject', async () => {
    const index = await api.app.inject({ method: 'GET', url: `${DOCS_PATH}/` });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.body).toMatch(/swagger/i);
  });

  it('serves the OpenAPI document generated from the zod schemas', async () => {
    const response = await api.app.inject({ method: 'GET', url: OPENAPI_PATH });
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain('/api/aws-provisioner/v1/worker-type/{workerType}');
  });
});
