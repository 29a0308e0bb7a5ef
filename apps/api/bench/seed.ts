/** Realistic rows for the API benchmarks: a definition like a CI fleet's and a snapshot with a few instances. */
import type { WorkerStateSnapshot, WorkerTypeDefinitionInput } from '@spot-provisioner/model';

export function benchDefinition(): WorkerTypeDefinitionInput {
  const none = { launchSpec: {}, secrets: {}, userData: {}, scopes: [] };
  return {
    description: 'Linux build workers for CI, 8-16 vCPU',
    owner: 'ci-team@example.com',
    minCapacity: 2,
    maxCapacity: 200,
    scalingRatio: 0.2,
    minPrice: 0.02,
    maxPrice: 0.6,
    canUseOndemand: false,
    canUseSpot: true,
    launchSpec: {
      SecurityGroups: ['default'],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 120, VolumeType: 'gp3', DeleteOnTermination: true } }],
    },
    userData: { dockerConfig: { allowPrivileged: false }, capacityManagement: { diskspaceThreshold: 20_000_000_000 } },
    secrets: { registryPassword: 'bench-only-password', githubToken: 'bench-only-token' },
    scopes: ['queue:claim-work:aws-provisioner-v1/bench'],
    instanceTypes: [
      { instanceType: 'c5.2xlarge', capacity: 2, utility: 1, ...none },
      { instanceType: 'c6i.2xlarge', capacity: 2, utility: 1.15, ...none },
      { instanceType: 'm5.4xlarge', capacity: 4, utility: 1.6, ...none, userData: { bigDisk: true } },
    ],
    regions: [
      { region: 'us-east-1', ...none, launchSpec: { ImageId: 'ami-0a1b2c3d4e5f60718' } },
      { region: 'us-west-2', ...none, launchSpec: { ImageId: 'ami-0f9e8d7c6b5a40312' } },
    ],
    availabilityZones: [
      { region: 'us-east-1', availabilityZone: 'us-east-1a', launchSpec: {} },
      { region: 'us-east-1', availabilityZone: 'us-east-1c', launchSpec: {} },
    ],
  };
}

export function benchSnapshot(workerType: string, now: Date): WorkerStateSnapshot {
  const instances = Array.from({ length: 4 }, (_, i) => ({
    id: `i-0${String(i).padStart(16, '0')}`,
    instanceType: 'c5.2xlarge',
    region: 'us-east-1',
    zone: 'us-east-1a',
    state: 'running',
    launchTime: now.toISOString(),
    capacity: 2,
  }));
  return {
    workerType,
    instances,
    requests: [],
    internalTrackedRequests: [],
    summary: { minCapacity: 2, maxCapacity: 200, requestedCapacity: 0, pendingCapacity: 0, runningCapacity: 8 },
    updatedAt: now.toISOString(),
  };
}
