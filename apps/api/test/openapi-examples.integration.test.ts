/**
 * The OpenAPI document's request examples and links (src/http/openapi-examples.ts,
 * openapi-links.ts): valid for the API's own validation, one story the API accepts call after
 * call once the AMIs and the security group are ones EC2 knows, and links that name real operations and parameters
 * (the fuzz stage's stateful phase follows them).
 */
import { CreateSecretRequestSchema, WorkerTypeDefinitionSchema } from '@spot-provisioner/model';
import { fitExample } from '../fuzz/fuzz-document';
import { OPENAPI_PATH } from '../src/http/openapi';
import { call, ROOT, startTestApi, type TestApi } from './support';

interface Parameter {
  in: string;
  name: string;
  example?: unknown;
  schema: { pattern?: string };
}
interface Link {
  operationId: string;
  parameters: Record<string, string>;
  requestBody?: string;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { links?: Record<string, Link> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}
interface Located extends Operation {
  method: string;
  path: string;
}

const SECRET_LIFETIME_MS = 60 * 60 * 1000;

describe("the OpenAPI document's examples and links", () => {
  let api: TestApi;
  let byId: Map<string, Located>;
  beforeAll(async () => {
    api = await startTestApi('openapiexamples');
    const document = (await api.app.inject({ method: 'GET', url: OPENAPI_PATH })).json<Document>();
    byId = new Map(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [operation.operationId, { ...operation, method: method.toUpperCase(), path }] as const),
      ),
    );
  });
  afterAll(async () => api.close());

  const operation = (id: string): Located => {
    const found = byId.get(id);
    if (!found) throw new Error(`no operation ${id} in the document`);
    return found;
  };
  const bodyExamples = (id: string) => Object.values(operation(id).requestBody?.content['application/json']?.examples ?? {}).map((example) => example.value);

  it("gives request bodies examples that the API's own validation accepts", () => {
    for (const id of ['createWorkerType', 'updateWorkerType', 'workerTypePlanPreview']) {
      expect(bodyExamples(id)).not.toEqual([]);
      for (const example of bodyExamples(id)) expect(WorkerTypeDefinitionSchema.safeParse(example).error).toBeUndefined();
    }
    expect(bodyExamples('createSecret')).not.toEqual([]);
    for (const example of bodyExamples('createSecret')) expect(CreateSecretRequestSchema.safeParse(example).error).toBeUndefined();
  });

  it('gives every path parameter an example that matches its pattern', () => {
    for (const { operationId, parameters = [] } of byId.values()) {
      for (const parameter of parameters.filter((p) => p.in === 'path')) {
        expect({ operationId, parameter: parameter.name, example: typeof parameter.example }).toEqual({ operationId, parameter: parameter.name, example: 'string' });
        if (parameter.schema.pattern) expect(parameter.example).toMatch(new RegExp(parameter.schema.pattern));
      }
    }
  });

  it('links a created worker type and a stored secret to what can be done with them next', () => {
    const targets = (id: string) => Object.values(operation(id).responses['200']?.links ?? {}).map((link) => link.operationId);
    expect(targets('createWorkerType')).toEqual(
      expect.arrayContaining(['workerType', 'updateWorkerType', 'removeWorkerType', 'getLaunchSpecs', 'state', 'workerTypePlanPreview']),
    );
    expect(targets('createSecret')).toEqual(expect.arrayContaining(['getSecret', 'removeSecret', 'instanceStarted']));
    for (const source of byId.values()) {
      const sourceParameters = new Set((source.parameters ?? []).map((p) => p.name));
      for (const link of Object.values(source.responses).flatMap((response) => Object.values(response.links ?? {}))) {
        const targetParameters = new Set((operation(link.operationId).parameters ?? []).map((p) => p.name));
        for (const [name, expression] of Object.entries(link.parameters)) {
          expect(targetParameters).toContain(name);
          expect(sourceParameters).toContain(expression.replace('$request.path.', ''));
        }
        if (link.requestBody !== undefined) expect(link.requestBody).toBe('$request.body');
      }
    }
  });

  it('tells one story the API accepts call after call, once the AMIs and the security group are ones EC2 knows', async () => {
    const state = {
      images: api.images,
      securityGroup: api.securityGroup,
      secretExpiration: new Date(api.clock.now() + SECRET_LIFETIME_MS).toISOString(),
    };
    const story = [
      'createWorkerType',
      'workerType',
      'updateWorkerType',
      'workerTypePlanPreview',
      'getLaunchSpecs',
      'state',
      'workerTypeLastModified',
      'workerTypeHistory',
      'createSecret',
      'getSecret',
      'instanceStarted',
      'removeSecret',
      'removeWorkerType',
    ];
    const answers: Record<string, number> = {};
    for (const id of story) {
      const { method, path, parameters = [] } = operation(id);
      const url = parameters.filter((p) => p.in === 'path').reduce((at, p) => at.replace(`{${p.name}}`, String(p.example)), path);
      const [body] = bodyExamples(id);
      const response = await call(api, {
        method: method as 'GET' | 'PUT' | 'POST' | 'DELETE',
        url,
        credentials: ROOT,
        ...(body !== undefined ? { payload: fitExample(body, state) } : {}),
      });
      answers[id] = response.statusCode;
    }
    expect(Object.entries(answers).filter(([, status]) => status >= 300)).toEqual([]);
  });
});
