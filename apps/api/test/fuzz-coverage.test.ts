/** The fuzz stage's operation coverage: which documented operations answered 2xx (fuzz/coverage.ts). */
import { documentedOperations, OperationCoverage, pathTemplate } from '../fuzz/coverage';

const document = {
  paths: {
    '/api/aws-provisioner/v1/worker-type/{workerType}': {
      put: { operationId: 'createWorkerType' },
      get: { operationId: 'workerType' },
      parameters: [],
    },
    '/api/aws-provisioner/v1/ping': { get: { operationId: 'ping' } },
  },
};

describe('the operation coverage of the fuzz stage', () => {
  it("lists the document's operations, not its path-level keys", () => {
    expect(documentedOperations(document)).toEqual([
      { operationId: 'createWorkerType', method: 'PUT', path: '/api/aws-provisioner/v1/worker-type/{workerType}' },
      { operationId: 'workerType', method: 'GET', path: '/api/aws-provisioner/v1/worker-type/{workerType}' },
      { operationId: 'ping', method: 'GET', path: '/api/aws-provisioner/v1/ping' },
    ]);
  });

  it("maps Fastify's route patterns to the document's path templates", () => {
    expect(pathTemplate('/api/aws-provisioner/v1/instance-started/:instanceId/:token')).toBe('/api/aws-provisioner/v1/instance-started/{instanceId}/{token}');
  });

  it('counts an operation once it answered 2xx, ignoring other answers, other methods and routes outside the document', () => {
    const coverage = new OperationCoverage(documentedOperations(document));
    coverage.record('PUT', '/api/aws-provisioner/v1/worker-type/:workerType', 400);
    coverage.record('GET', '/v1/worker-type/:workerType', 200);
    coverage.record('DELETE', '/api/aws-provisioner/v1/worker-type/:workerType', 204);
    coverage.record('GET', undefined, 200);
    coverage.record('GET', '/api/aws-provisioner/v1/ping', 200);
    coverage.record('put', '/api/aws-provisioner/v1/worker-type/:workerType', 200);
    expect(coverage.answered()).toEqual(['createWorkerType', 'ping']);
    expect(coverage.neverAnswered()).toEqual(['workerType']);
  });
});
