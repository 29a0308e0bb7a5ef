import { buildApp } from '../src';
import { LogCapture, startTestApi, V1, type TestApi } from './support';

describe('internal errors', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('api5xx');
  });
  afterAll(async () => api.close());

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
});
