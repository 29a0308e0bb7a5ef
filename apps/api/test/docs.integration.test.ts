import { CreateSecretRequestSchema, WorkerTypeDefinitionSchema, WorkerTypeResponseSchema } from '@spot-provisioner/model';
import { OPENAPI_PATH, DOCS_PATH } from '../src/http/openapi';
import { testApiForFile } from './support';

describe('API documentation built by buildApp', () => {
  const api = testApiForFile('apidocs');

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

  interface Operation {
    operationId: string;
    tags?: string[];
    security?: Record<string, string[]>[];
    description?: string;
    responses: Record<string, { description?: string; content?: unknown }>;
  }
  interface Document {
    info: { description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { example?: unknown }> };
  }
  const documentOf = async () => (await api.app.inject({ method: 'GET', url: OPENAPI_PATH })).json() as Document;
  const operations = (document: Document) => Object.values(document.paths).flatMap((methods) => Object.values(methods));

  it("lists each method's scopes as a security requirement and a scope expression", async () => {
    // The 15 classic methods and the 4 extensions (decision, history, plan-preview, should-terminate).
    const byId = new Map(operations(await documentOf()).map((operation) => [operation.operationId, operation]));
    const viewOrManage = '`aws-provisioner:view-worker-type:<workerType> or aws-provisioner:manage-worker-type:<workerType>`';
    const scoped: Record<string, string> = {
      createWorkerType: '`aws-provisioner:manage-worker-type:<workerType>`',
      updateWorkerType: '`aws-provisioner:manage-worker-type:<workerType>`',
      removeWorkerType: '`aws-provisioner:manage-worker-type:<workerType>`',
      workerType: '`aws-provisioner:view-worker-type:<workerType> or aws-provisioner:manage-worker-type:<workerType>`',
      getLaunchSpecs: '`aws-provisioner:view-worker-type:<workerType> or aws-provisioner:manage-worker-type:<workerType>`',
      createSecret: '`aws-provisioner:create-secret:<workerType>` (the workerType of the body)',
      workerTypeDecision: viewOrManage,
      workerTypeHistory: viewOrManage,
      workerTypePlanPreview: viewOrManage,
      // a worker asks with getSecret's credentials; operators with the view or manage scope too
      shouldTerminate: '/<workerType> or aws-provisioner:view-worker-type:<workerType> or aws-provisioner:manage-worker-type:<workerType>`',
    };
    for (const [id, operation] of byId) {
      if (scoped[id]) {
        expect(operation.security).toEqual([{ hawk: [] }]);
        expect(operation.description).toContain(scoped[id]);
      } else {
        expect(operation.security).toEqual([]);
        expect(operation.description).toMatch(/requires no scopes/i);
      }
    }
    expect([...byId.keys()]).toEqual(expect.arrayContaining(Object.keys(scoped)));
    expect(byId.get('shouldTerminate')?.description).toMatch(/`assume:worker-type:[^/]+\/<workerType> or /);
    expect(byId.size).toBe(19);
  });

  it('documents the error responses, with realistic examples that the schemas accept', async () => {
    const document = await documentOf();
    for (const operation of operations(document)) {
      for (const status of ['400', '401', '403', '404', '409', '413', '414', '415', '431', '500', '503']) expect(operation.responses[status]?.description).toBeTruthy();
    }
    const examples = document.components.schemas;
    expect(WorkerTypeDefinitionSchema.safeParse(examples.WorkerTypeDefinition?.example).success).toBe(true);
    expect(WorkerTypeResponseSchema.safeParse(examples.WorkerTypeResponse?.example).success).toBe(true);
    expect(CreateSecretRequestSchema.safeParse(examples.CreateSecretRequest?.example).success).toBe(true);
    expect(JSON.stringify(examples)).not.toMatch(/additionalProp1|9007199254740991,"example"/);
  });

  it('explains Hawk and points to taskcluster-client on the docs page', async () => {
    const { info } = await documentOf();
    expect(info.description).toMatch(/Hawk/);
    expect(info.description).toMatch(/Authorization/);
    expect(info.description).toContain('taskcluster-client');
    const page = await api.app.inject({ method: 'GET', url: `${DOCS_PATH}/json` });
    expect(page.statusCode).toBe(200);
    expect((page.json() as Document).info.description).toContain('taskcluster-client');
  });
});
