/**
 * Realistic examples for the OpenAPI document, in place of what a generator would make
 * up from the schemas (`additionalProp1`, `maxCapacity: 9007199254740991`).
 */
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
    SecurityGroups: ['ci-workers'],
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
    { region: 'us-east-1', launchSpec: { ImageId: 'ami-0a1b2c3d4e5f60718' }, secrets: {}, userData: {}, scopes: [] },
    { region: 'us-west-2', launchSpec: { ImageId: 'ami-0f9e8d7c6b5a40312' }, secrets: {}, userData: {}, scopes: [] },
  ],
  availabilityZones: [{ region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: {} }],
};

/** components.schemas name → example. */
export const SCHEMA_EXAMPLES: Readonly<Record<string, unknown>> = {
  WorkerTypeDefinition: definition,
  WorkerTypeResponse: { ...definition, workerType: 'ci-linux-large', lastModified: '2026-11-22T09:00:00.000Z' },
  WorkerTypeLastModified: { workerType: 'ci-linux-large', lastModified: '2026-11-22T09:00:00.000Z' },
  WorkerTypeList: ['ci-linux-large', 'ci-windows'],
  CreateSecretRequest: {
    workerType: 'ci-linux-large',
    secrets: { registryPassword: 'example-only' },
    scopes: ['queue:claim-work:aws-provisioner-v1/ci-linux-large'],
    token: 'WnRqYnDCSh-Uu3-vNnYAsw',
    expiration: '2026-11-22T09:40:00.000Z',
  },
  ErrorResponse: { code: 'ResourceNotFound', message: 'worker type ci-linux-large does not exist' },
  BackendStatus: { status: 'healthy', lastCheckedIn: '2026-11-22T09:00:30.000Z' },
  PingResponse: { alive: true, uptime: 3600.5 },
};
