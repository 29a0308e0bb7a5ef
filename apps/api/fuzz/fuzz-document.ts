/**
 * The OpenAPI document the fuzz stage hands schemathesis: the API's own, fitted to the engines
 * the stage prepared and to rules the API checks that JSON Schema cannot state, so generated
 * requests get past the door (schema validation, the launch-spec rules, the EC2 reference
 * checks, 404 for unknown names) into the API's core often enough to test it. Before this,
 * nearly every generated definition was refused for an unknown launch-spec key, an AMI that
 * does not exist or minCapacity above maxCapacity, and by-name operations met only 404.
 *
 * - Example values: the AMI ids, the security group and the secret's expiration become the
 *   stage's (the AMIs it registered, its group, an expiration ahead of now); the examples then
 *   pass every check, in order.
 * - Launch specifications: a region entry is one of the managed regions with that region's
 *   AMI, a zone one of its zones; launchSpec keys are a few known ones shaped as EC2 takes
 *   them, and SecurityGroups names the group the stage created.
 * - userData and secrets: a few entries with non-empty keys, at most two levels deep; a few
 *   entries per list.
 * - Numbers: bounded in magnitude (tiny ones still come); pairs the API compares: minCapacity
 *   and minPrice are drawn below maxCapacity and maxPrice.
 * - Names: drawn half the time from a small pool (the other half keeps the schema's range).
 *   STANDING_WORKER_TYPE exists before every run (engine-state.ts) and no generated request
 *   removes it (fuzz_hooks.py), so updates always have a worker type to update; removals use
 *   the example's name, which the examples create and remove; creations use no pool.
 *
 * Only request schemas change; responses are checked against the API's own schemas.
 */
import {
  EXAMPLE_IMAGE_IDS,
  EXAMPLE_SECRET_EXPIRATION,
  EXAMPLE_SECURITY_GROUP,
  EXAMPLE_TOKEN,
  EXAMPLE_WORKER_TYPE,
} from '../src/http/openapi-examples';

export interface FuzzEngineState {
  /** Managed region → the AMI the stage registered there. */
  readonly images: Readonly<Record<string, string>>;
  /** A security group that exists in every managed region. */
  readonly securityGroup: string;
  /** ISO time ahead of the run's end: the example secret must still be live when it is taken. */
  readonly secretExpiration: string;
}

/** A worker type the stage creates before each run and no generated request removes. */
export const STANDING_WORKER_TYPE = 'fuzz-standing';

/**
 * operationId → the names its path parameters are drawn from half the time (the first is its
 * example). Creations draw from no pool: a pooled name exists after its first creation, and
 * every later one would only meet 409.
 */
const NAME_POOLS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  createWorkerType: { workerType: [] },
  updateWorkerType: { workerType: [STANDING_WORKER_TYPE] },
  removeWorkerType: { workerType: [EXAMPLE_WORKER_TYPE] },
  createSecret: { token: [] },
};
const DEFAULT_WORKER_TYPE_POOL = [EXAMPLE_WORKER_TYPE, STANDING_WORKER_TYPE] as const;
const DEFAULT_POOLS: Readonly<Record<string, readonly string[]>> = { workerType: DEFAULT_WORKER_TYPE_POOL, token: [EXAMPLE_TOKEN] };

/** Enough zones per region to vary placements; the API checks only that a zone is in one of the definition's regions. */
const ZONE_LETTERS = ['a', 'b'] as const;
/** The split between the lower and the upper value of a compared pair. */
const CAPACITY_SPLIT = 20;
const PRICE_SPLIT = 0.05;
/**
 * The definition's own numbers (USD/h, a ratio, relative speed): bounded like free-form ones,
 * and, but for an exact 0, not below NUMBER_FLOOR. Tiny values come from the free-form numbers
 * already; here too, they sank most generated definitions.
 */
const NUMBER_FLOOR = 1e-6;
const NUMBER_BOUNDS: Readonly<Record<string, number>> = { minPrice: PRICE_SPLIT, scalingRatio: 100 };
const MAX_PRICE_BOUND = 1000;
const UTILITY_BOUND = 100;
const boundedNumber = (schema: JsonObject, maximum: number): JsonObject => ({
  anyOf: [{ type: 'number', enum: [0] }, { ...schema, minimum: Math.max(NUMBER_FLOOR, Number(schema.minimum ?? 0)), maximum }],
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function fuzzDocument<T>(document: T, state: FuzzEngineState): T {
  const fitted = fitExample(document, state) as JsonObject;
  const schemas = objectAt(fitted, 'components', 'schemas');
  narrowDefinitions(schemas, state);
  poolNames(fitted, schemas);
  return fitted as T;
}

/** A copy of an example (or of the whole document) with the AMI ids, security group and secret expiration of the stage's engines. */
export function fitExample<T>(example: T, state: FuzzEngineState): T {
  const replacements = new Map<string, string>([
    [EXAMPLE_SECRET_EXPIRATION, state.secretExpiration],
    [EXAMPLE_SECURITY_GROUP, state.securityGroup],
  ]);
  for (const [region, image] of Object.entries(EXAMPLE_IMAGE_IDS)) {
    const own = state.images[region];
    if (own) replacements.set(image, own);
  }
  return replaceStrings(example as Json, replacements) as T;
}

/**
 * Free-form numbers are bounded in magnitude, not in precision: values DynamoDB cannot store
 * because they are huge (1e300, integers past 2^53) showed up in nearly every generated body and
 * sank it, while tiny ones (1e-200, 5e-324: the class of the hardening issue's 500) still come.
 * Half are integers: the generator draws tiny floats so often that a body with a dozen free
 * numbers almost always held one, and was refused for it.
 */
const FREE_NUMBER_BOUND = 1e9;
const freeNumber: JsonObject = {
  anyOf: [
    { type: 'integer', minimum: -FREE_NUMBER_BOUND, maximum: FREE_NUMBER_BOUND },
    { type: 'number', minimum: -FREE_NUMBER_BOUND, maximum: FREE_NUMBER_BOUND },
  ],
};
const scalar: JsonObject = { anyOf: [{ type: 'string' }, freeNumber, { type: 'boolean' }] };
/** An object of at most `size` entries with non-empty keys (patternProperties: OpenAPI 3.0 has no propertyNames). */
const smallObject = (values: Json, size: number): JsonObject => ({
  type: 'object',
  maxProperties: size,
  patternProperties: { '^.+$': values },
  additionalProperties: false,
});
const smallList = (items: Json, size: number): JsonObject => ({ type: 'array', maxItems: size, items });
/**
 * userData and secrets: a few entries, each a scalar or a small object or list of scalars.
 * Free values nested at random (the API's schema) made nearly every definition carry some
 * value DynamoDB refuses; a deeper narrowed tree made the coverage phase send tens of
 * thousands of requests.
 */
const freeForm = smallObject({ anyOf: [scalar, smallObject(scalar, 3), smallList(scalar, 3)] }, 4);
/** Known launch-spec keys with values shaped as EC2 takes them (SubnetId left out: it may not meet SecurityGroups). */
const LAUNCH_SPEC_KEYS: Readonly<Record<string, JsonObject>> = {
  KeyName: { type: 'string' },
  SecurityGroupIds: smallList({ type: 'string' }, 3),
  BlockDeviceMappings: smallList(smallObject({ anyOf: [scalar, smallObject(scalar, 4)] }, 4), 2),
};
/** Entries per list of a definition: each carries its own launchSpec, userData and secrets. */
const LIST_LIMITS: Readonly<Record<string, number>> = { instanceTypes: 3, regions: 2, availabilityZones: 2 };

function narrowDefinitions(schemas: JsonObject, state: FuzzEngineState): void {
  const launchSpec = (extra: JsonObject = {}, required: string[] = []): JsonObject => ({
    type: 'object',
    properties: {
      ...LAUNCH_SPEC_KEYS,
      SecurityGroups: { type: 'array', items: { type: 'string', enum: [state.securityGroup] }, maxItems: 2 },
      ...extra,
    },
    required,
    additionalProperties: false,
  });
  const entry = (name: string, overrides: JsonObject): JsonObject => {
    const schema = objectAt(schemas, name);
    const properties = objectAt(schema, 'properties');
    const free = Object.fromEntries(['userData', 'secrets'].filter((key) => key in properties).map((key) => [key, freeForm]));
    return { ...schema, properties: { ...properties, ...free, launchSpec: launchSpec(), ...overrides } };
  };
  const regions = Object.entries(state.images);

  const definition = entry('WorkerTypeDefinitionInput', {});
  const properties = objectAt(definition, 'properties');
  properties.minCapacity = { ...objectAt(properties, 'minCapacity'), maximum: CAPACITY_SPLIT };
  properties.maxCapacity = { ...objectAt(properties, 'maxCapacity'), minimum: CAPACITY_SPLIT };
  properties.maxPrice = { ...objectAt(properties, 'maxPrice'), minimum: PRICE_SPLIT, maximum: MAX_PRICE_BOUND };
  for (const [name, bound] of Object.entries(NUMBER_BOUNDS)) properties[name] = boundedNumber(objectAt(properties, name), bound);
  for (const [list, limit] of Object.entries(LIST_LIMITS)) properties[list] = { ...objectAt(properties, list), maxItems: limit };
  schemas.WorkerTypeDefinitionInput = definition;
  const instanceType = entry('InstanceTypeEntryInput', {});
  const instanceTypeProperties = objectAt(instanceType, 'properties');
  instanceTypeProperties.utility = { ...objectAt(instanceTypeProperties, 'utility'), minimum: NUMBER_FLOOR, maximum: UTILITY_BOUND };
  schemas.InstanceTypeEntryInput = instanceType;
  schemas.RegionEntryInput = {
    oneOf: regions.map(([region, image]) =>
      entry('RegionEntryInput', {
        region: { type: 'string', enum: [region] },
        launchSpec: launchSpec({ ImageId: { type: 'string', enum: [image] } }, ['ImageId']),
      }),
    ),
  };
  schemas.AvailabilityZoneEntryInput = {
    oneOf: regions.map(([region]) =>
      entry('AvailabilityZoneEntryInput', {
        region: { type: 'string', enum: [region] },
        availabilityZone: { type: 'string', enum: ZONE_LETTERS.map((letter) => `${region}${letter}`) },
      }),
    ),
  };
  objectAt(schemas, 'CreateSecretRequestInput', 'properties').secrets = freeForm;
}

/** Path parameters that name a worker type or a token: a pooled name or anything the schema allows. */
function poolNames(document: JsonObject, schemas: JsonObject): void {
  const pooled = (schema: Json, pool: readonly string[]): Json => ({ anyOf: [{ type: 'string', enum: [...pool] }, schema] });
  for (const methods of Object.values(objectAt(document, 'paths'))) {
    for (const operation of Object.values(methods as JsonObject) as JsonObject[]) {
      const pools = { ...DEFAULT_POOLS, ...NAME_POOLS[operation.operationId as string] };
      for (const parameter of (operation.parameters ?? []) as JsonObject[]) {
        const pool = pools[parameter.name as string];
        if (parameter.in !== 'path' || !parameter.schema || !pool?.length) continue;
        parameter.schema = pooled(parameter.schema, pool);
        parameter.example = pool[0] ?? null;
      }
    }
  }
  // the worker type a secret is for decides only the scopes it needs
  const secret = objectAt(schemas, 'CreateSecretRequestInput', 'properties');
  secret.workerType = pooled(objectAt(secret, 'workerType'), DEFAULT_WORKER_TYPE_POOL);
}

function replaceStrings(value: Json, replacements: ReadonlyMap<string, string>): Json {
  if (typeof value === 'string') return replacements.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replacements));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceStrings(item, replacements)]));
  }
  return value;
}

/** The object at a path of keys; throws naming the path when the document has no such object (its shape changed). */
function objectAt(root: JsonObject, ...keys: string[]): JsonObject {
  let current: Json = root;
  for (const key of keys) {
    const next: Json | undefined = current && typeof current === 'object' && !Array.isArray(current) ? current[key] : undefined;
    if (!next || typeof next !== 'object' || Array.isArray(next)) throw new Error(`fuzz document: the API's OpenAPI document has no object at ${keys.join('.')}`);
    current = next;
  }
  return current as JsonObject;
}
