/**
 * Translates a launch request (the worker type's RequestSpotInstances-shaped launch spec)
 * into an EC2 RunInstances input. Pure, so the mapping is tested without EC2.
 */
import type { RunInstancesCommandInput, TagSpecification } from '@aws-sdk/client-ec2';
import type { RunInstanceRequest } from './port';

/** Keys copied unchanged from a LaunchSpecification to RunInstances. */
const COPIED_KEYS = [
  'ImageId',
  'KeyName',
  'SecurityGroups',
  'SecurityGroupIds',
  'BlockDeviceMappings',
  'EbsOptimized',
  'IamInstanceProfile',
  'KernelId',
  'NetworkInterfaces',
  'RamdiskId',
  'SubnetId',
] as const;

export function runInstancesInput(request: RunInstanceRequest): RunInstancesCommandInput {
  const spec = request.launchSpec;
  const input: Record<string, unknown> = {};
  for (const key of COPIED_KEYS) {
    if (spec[key] !== undefined) input[key] = spec[key];
  }
  if (typeof spec.MonitoringEnabled === 'boolean') input.Monitoring = { Enabled: spec.MonitoringEnabled };
  // AddressingType has no RunInstances equivalent (EC2-Classic only); it is dropped.
  const placement = typeof spec.Placement === 'object' && spec.Placement !== null ? spec.Placement : {};
  const tags = Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }));
  const resourceTypes: TagSpecification['ResourceType'][] =
    request.market === 'spot' ? ['instance', 'volume', 'spot-instances-request'] : ['instance', 'volume'];
  return {
    ...(input as Partial<RunInstancesCommandInput>),
    ...(request.keyName !== undefined ? { KeyName: request.keyName } : {}),
    InstanceType: request.instanceType as RunInstancesCommandInput['InstanceType'],
    Placement: { ...placement, AvailabilityZone: request.availabilityZone },
    MinCount: 1,
    MaxCount: 1,
    UserData: request.userData,
    ClientToken: request.clientToken,
    TagSpecifications: resourceTypes.map((ResourceType) => ({ ResourceType, Tags: tags })),
    ...(request.market === 'spot'
      ? {
          InstanceMarketOptions: {
            MarketType: 'spot',
            SpotOptions: {
              SpotInstanceType: 'one-time',
              InstanceInterruptionBehavior: 'terminate',
              ...(request.maxPrice !== undefined ? { MaxPrice: formatPrice(request.maxPrice) } : {}),
            },
          },
        }
      : {}),
  };
}

/** EC2 takes prices as decimal strings; six decimals is EC2's own precision. */
export function formatPrice(price: number): string {
  return price.toFixed(6);
}
