/**
 * The document the fuzz stage hands schemathesis (fuzz/fuzz-document.ts): the API's own,
 * fitted to the stage's engines and to the rules the API checks that JSON Schema cannot state.
 */
import { devKeyring } from '@spot-provisioner/model';
import { fuzzDocument, STANDING_WORKER_TYPE, type FuzzEngineState } from '../fuzz/fuzz-document';
import { buildApp, createApiDeps } from '../src';
import { OPENAPI_PATH } from '../src/http/openapi';
import {
  EXAMPLE_IMAGE_IDS,
  EXAMPLE_SECRET_EXPIRATION,
  EXAMPLE_SECURITY_GROUP,
  EXAMPLE_TOKEN,
  EXAMPLE_WORKER_TYPE,
} from '../src/http/openapi-examples';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON Schema walked key by key

const state: FuzzEngineState = {
  images: { 'us-east-1': 'ami-0000000000000e1', 'us-west-2': 'ami-0000000000000w2' },
  securityGroup: 'fuzz-group',
  secretExpiration: '2027-01-01T00:00:00.000Z',
};

/** Every launchSpec schema under `schema`, with the path to it. */
function launchSpecs(schema: Schema, at = ''): [string, Schema][] {
  if (!schema || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) => [
    ...(key === 'launchSpec' && value && typeof value === 'object' ? ([[`${at}.launchSpec`, value]] as [string, Schema][]) : []),
    ...launchSpecs(value as Schema, `${at}.${key}`),
  ]);
}

describe('the fuzz stage\'s OpenAPI document', () => {
  let original: Schema;
  let fitted: Schema;
  beforeAll(async () => {
    const deps = createApiDeps({ region: 'us-east-1', tablePrefix: 'unused', keyring: devKeyring(), rootAccessToken: 'unused', logger: false });
    const app = await buildApp(deps);
    original = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json<Schema>();
    await app.close();
    deps.close();
    fitted = fuzzDocument(original, state);
  });
  const schemas = () => fitted.components.schemas as Schema;
  const operations = () =>
    Object.values(fitted.paths as Schema).flatMap((methods) => Object.values(methods as Schema)) as Schema[];

  it("puts the stage's AMIs, security group and an expiration ahead of now into the examples, leaving the API's document as it was", () => {
    const text = JSON.stringify(fitted);
    for (const image of Object.values(EXAMPLE_IMAGE_IDS)) expect(text).not.toContain(image);
    expect(text).not.toContain(EXAMPLE_SECRET_EXPIRATION);
    expect(text).not.toContain(`"${EXAMPLE_SECURITY_GROUP}"`);
    const create = operations().find((operation) => operation.operationId === 'createWorkerType');
    const [example] = Object.values(create?.requestBody.content['application/json'].examples) as { value: Schema }[];
    expect(example?.value.regions.map((region: Schema) => region.launchSpec.ImageId)).toEqual(['ami-0000000000000e1', 'ami-0000000000000w2']);
    expect(JSON.stringify(original)).toContain(EXAMPLE_SECRET_EXPIRATION);
  });

  it("draws each region entry from a managed region with that region's AMI, and each zone from its zones", () => {
    const regionBranches = schemas().RegionEntryInput.oneOf as Schema[];
    expect(regionBranches.map((branch) => [branch.properties.region.enum, branch.properties.launchSpec.properties.ImageId.enum])).toEqual([
      [['us-east-1'], ['ami-0000000000000e1']],
      [['us-west-2'], ['ami-0000000000000w2']],
    ]);
    const zoneBranches = schemas().AvailabilityZoneEntryInput.oneOf as Schema[];
    expect(zoneBranches.map((branch) => branch.properties.availabilityZone.enum)).toEqual([
      ['us-east-1a', 'us-east-1b'],
      ['us-west-2a', 'us-west-2b'],
    ]);
  });

  it('allows only known launch-spec keys, ImageId only in a region, and only the security group that exists', () => {
    const found = ['WorkerTypeDefinitionInput', 'InstanceTypeEntryInput', 'RegionEntryInput', 'AvailabilityZoneEntryInput'].flatMap((name) =>
      launchSpecs(schemas()[name], name),
    );
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const [at, launchSpec] of found) {
      expect({ at, additionalProperties: launchSpec.additionalProperties }).toEqual({ at, additionalProperties: false });
      expect(Object.keys(launchSpec.properties)).not.toContain('InstanceType');
      expect(Object.keys(launchSpec.properties).includes('ImageId')).toBe(at.startsWith('RegionEntryInput'));
      expect(launchSpec.properties.SecurityGroups.items.enum).toEqual(['fuzz-group']);
    }
  });

  it('draws the lower of each compared pair below the upper, the definition\'s own numbers 0 or not tiny, and free-form keys non-empty', () => {
    const definition = schemas().WorkerTypeDefinitionInput.properties as Schema;
    expect(definition.minCapacity.maximum).toBeLessThanOrEqual(definition.maxCapacity.minimum);
    expect(definition.minPrice.anyOf).toEqual([{ type: 'number', enum: [0] }, expect.objectContaining({ minimum: 1e-6 })]);
    expect(definition.minPrice.anyOf[1].maximum).toBeLessThanOrEqual(definition.maxPrice.minimum);
    expect(definition.scalingRatio.anyOf[1].minimum).toBe(1e-6);
    for (const free of [definition.userData, definition.secrets, schemas().CreateSecretRequestInput.properties.secrets]) {
      expect(free.additionalProperties).toBe(false);
      expect(Object.keys(free.patternProperties)).toEqual(['^.+$']);
    }
  });

  it('draws names from a pool half the time: updates meet the standing worker type, removals never name it, creations use no pool', () => {
    const workerTypeParameter = (id: string) =>
      operations()
        .find((operation) => operation.operationId === id)
        ?.parameters.find((parameter: Schema) => parameter.name === 'workerType');
    expect(workerTypeParameter('updateWorkerType')).toMatchObject({ example: STANDING_WORKER_TYPE, schema: { anyOf: [{ enum: [STANDING_WORKER_TYPE] }, {}] } });
    expect(workerTypeParameter('removeWorkerType')).toMatchObject({ example: EXAMPLE_WORKER_TYPE, schema: { anyOf: [{ enum: [EXAMPLE_WORKER_TYPE] }, {}] } });
    expect(workerTypeParameter('workerType')?.schema.anyOf[0].enum).toEqual([EXAMPLE_WORKER_TYPE, STANDING_WORKER_TYPE]);
    // the other half keeps the API's own schema
    const own = (original.paths['/api/aws-provisioner/v1/worker-type/{workerType}'].get.parameters as Schema[]).find((p) => p.name === 'workerType');
    expect(workerTypeParameter('workerType')?.schema.anyOf[1]).toEqual(own?.schema);
    expect(own?.schema.pattern).toBeTruthy();
    expect(workerTypeParameter('createWorkerType')).toMatchObject({ example: EXAMPLE_WORKER_TYPE, schema: { pattern: expect.any(String) } });
    const tokenParameter = (id: string) =>
      operations()
        .find((operation) => operation.operationId === id)
        ?.parameters.find((parameter: Schema) => parameter.name === 'token');
    expect(tokenParameter('getSecret')?.schema.anyOf[0].enum).toEqual([EXAMPLE_TOKEN]);
    expect(tokenParameter('createSecret')?.schema.anyOf).toBeUndefined();
  });

  it("says which part of the API's document it could not find", () => {
    expect(() => fuzzDocument({ paths: {}, components: {} }, state)).toThrow("the API's OpenAPI document has no object at components.schemas");
  });
});
