/**
 * Realistic examples for the OpenAPI document, in place of what a generator would make
 * up from the schemas (`additionalProp1`, `maxCapacity: 9007199254740991`). The request
 * examples form one story a reader (and the fuzz stage, apps/api/fuzz) can replay in order:
 * create `ci-linux-large`, read it, update it, preview an edit, store a launch's secret, take
 * it, report the instance started, remove both. Only the AMI ids, the security group and the
 * secret's expiration depend on the account and the day; the fuzz stage swaps in its own.
 */
export const EXAMPLE_WORKER_TYPE = 'ci-linux-large';
/** region → the AMI of the example definition. */
export const EXAMPLE_IMAGE_IDS: Readonly<Record<string, string>> = {
  'us-east-1': 'ami-0a1b2c3d4e5f60718',
  'us-west-2': 'ami-0f9e8d7c6b5a40312',
};
/** The security group the example definition names (the general launchSpec's). */
export const EXAMPLE_SECURITY_GROUP = 'ci-workers';
/** The example launch's securityToken (a slugid). */
export const EXAMPLE_TOKEN = 'WnRqYnDCSh-Uu3-vNnYAsw';
export const EXAMPLE_INSTANCE_ID = 'i-0123456789abcdef0';
export const EXAMPLE_SECRET_EXPIRATION = '2026-11-22T09:40:00.000Z';

const definition = {
  description: 'Linux build workers for CI, 8 vCPU',
  owner: 'ci-team@example.com',
  minCapacity: 2,
  maxCapacity: 200,
  scalingRatio: 0.2,
  minPrice: 0.02,
  maxPrice: 0.6,
  canUseOndemand: false,
  canUseSpot: true,
  launchSpec: {
    SecurityGroups: [EXAMPLE_SECURITY_GROUP],
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 120, VolumeType: 'gp3', DeleteOnTermination: true } }],
  },
  userData: { dockerConfig: { allowPrivileged: false } },
  secrets: { registryPassword: 'example-only' },
  scopes: ['queue:claim-work:aws-provisioner-v1/ci-linux-large'],
  instanceTypes: [
    { instanceType: 'c5.2xlarge', capacity: 2, utility: 1, launchSpec: {}, secrets: {}, userData: {}, scopes: [] },
    { instanceType: 'm5.4xlarge', capacity: 4, utility: 1.6, launchSpec: {}, secrets: {}, userData: { bigDisk: true }, scopes: [] },
  ],
  regions: [
    ...Object.entries(EXAMPLE_IMAGE_IDS).map(([region, ImageId]) => ({ region, launchSpec: { ImageId }, secrets: {}, userData: {}, scopes: [] })),
  ],
  availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: {} }],
};

const secret = {
  workerType: EXAMPLE_WORKER_TYPE,
  secrets: { registryPassword: 'example-only' },
  scopes: ['queue:claim-work:aws-provisioner-v1/ci-linux-large'],
  token: EXAMPLE_TOKEN,
  expiration: EXAMPLE_SECRET_EXPIRATION,
};

/** components.schemas name → example. */
export const SCHEMA_EXAMPLES: Readonly<Record<string, unknown>> = {
  WorkerTypeDefinition: definition,
  WorkerTypeResponse: { ...definition, workerType: EXAMPLE_WORKER_TYPE, lastModified: '2026-11-22T09:00:00.000Z' },
  WorkerTypeLastModified: { workerType: EXAMPLE_WORKER_TYPE, lastModified: '2026-11-22T09:00:00.000Z' },
  WorkerTypeList: [EXAMPLE_WORKER_TYPE, 'ci-windows'],
  CreateSecretRequest: secret,
  ErrorResponse: { code: 'ResourceNotFound', message: 'worker type ci-linux-large does not exist' },
  BackendStatus: { status: 'healthy', lastCheckedIn: '2026-11-22T09:00:30.000Z' },
  PingResponse: { alive: true, uptime: 3600.5 },
};

export interface OperationExamples {
  /** Named request body examples (OpenAPI `examples` of the JSON media type). */
  readonly body?: Readonly<Record<string, { readonly summary: string; readonly value: unknown }>>;
}

/** path parameter name → example value, for every operation that takes it. */
export const PARAMETER_EXAMPLES: Readonly<Record<string, unknown>> = {
  workerType: EXAMPLE_WORKER_TYPE,
  token: EXAMPLE_TOKEN,
  instanceId: EXAMPLE_INSTANCE_ID,
};

/** operationId → its request examples. */
export const OPERATION_EXAMPLES: Readonly<Record<string, OperationExamples>> = {
  createWorkerType: { body: { linuxBuilders: { summary: 'Linux build workers in two regions', value: definition } } },
  updateWorkerType: {
    body: { moreCapacity: { summary: 'The same fleet allowed to grow to 300 capacity units', value: { ...definition, maxCapacity: 300 } } },
  },
  workerTypePlanPreview: {
    body: { cheaperBid: { summary: 'What a lower maxPrice would change', value: { ...definition, maxPrice: 0.3 } } },
  },
  createSecret: { body: { launchSecret: { summary: "A launch's secret, taken once by the new instance", value: secret } } },
};
