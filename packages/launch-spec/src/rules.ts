import { resolveAllLaunchConfigs } from './cascade';
import { describePool } from './errors';
import type { CascadeDefinition, JsonObject } from './types';

/** The EC2 LaunchSpecification keys a worker type may set (AWS Provisioner v1 contract). */
export const LAUNCH_SPECIFICATION_KEYS: readonly string[] = [
  'ImageId',
  'InstanceType',
  'KeyName',
  'SecurityGroups',
  'SecurityGroupIds',
  'AddressingType',
  'BlockDeviceMappings',
  'EbsOptimized',
  'IamInstanceProfile',
  'KernelId',
  'MonitoringEnabled',
  'NetworkInterfaces',
  'Placement',
  'RamdiskId',
  'SubnetId',
];

interface Level {
  readonly path: string;
  readonly launchSpec: JsonObject;
  readonly kind: 'general' | 'region' | 'zone' | 'instanceType';
}

/**
 * The pure launch-spec rules checked before a definition is stored. Returns every reason
 * the definition is rejected (an empty list when it is acceptable), each naming where
 * the problem is. EC2 existence checks (AMI, security groups) are the caller's.
 */
export function launchSpecViolations(definition: CascadeDefinition): string[] {
  const reasons: string[] = [];
  for (const level of levels(definition)) reasons.push(...levelViolations(level));
  reasons.push(...duplicates('regions', definition.regions.map((r) => r.region)));
  reasons.push(...duplicates('instanceTypes', definition.instanceTypes.map((t) => t.instanceType)));
  reasons.push(
    ...duplicates(
      'availabilityZones',
      (definition.availabilityZones ?? []).map((z) => z.availabilityZone),
    ),
  );
  reasons.push(...zoneRegionViolations(definition));
  if (reasons.length === 0) reasons.push(...combinationViolations(definition));
  return reasons;
}

function levels(definition: CascadeDefinition): Level[] {
  return [
    { path: 'launchSpec', launchSpec: definition.launchSpec, kind: 'general' },
    ...definition.regions.map((r, i) => ({ path: `regions[${i}].launchSpec`, launchSpec: r.launchSpec, kind: 'region' as const })),
    ...(definition.availabilityZones ?? []).map((z, i) => ({
      path: `availabilityZones[${i}].launchSpec`,
      launchSpec: z.launchSpec,
      kind: 'zone' as const,
    })),
    ...definition.instanceTypes.map((t, i) => ({
      path: `instanceTypes[${i}].launchSpec`,
      launchSpec: t.launchSpec,
      kind: 'instanceType' as const,
    })),
  ];
}

function levelViolations({ path, launchSpec, kind }: Level): string[] {
  const reasons: string[] = [];
  for (const key of Object.keys(launchSpec)) {
    if (key === 'UserData') {
      reasons.push(`${path}.UserData: not allowed; the provisioner generates UserData (put instance data in userData)`);
    } else if (!LAUNCH_SPECIFICATION_KEYS.includes(key)) {
      reasons.push(`${path}.${key}: unknown launch specification key (allowed: ${LAUNCH_SPECIFICATION_KEYS.join(', ')})`);
    }
  }
  if ('InstanceType' in launchSpec) {
    reasons.push(`${path}.InstanceType: not allowed; the provisioner sets InstanceType from instanceTypes[].instanceType`);
  }
  if (kind === 'region' && !('ImageId' in launchSpec)) {
    reasons.push(`${path}.ImageId: required in every region's launchSpec`);
  }
  if (kind !== 'region' && 'ImageId' in launchSpec) {
    reasons.push(`${path}.ImageId: not allowed; ImageId belongs only in a region's launchSpec`);
  }
  if (kind === 'region' && 'ImageId' in launchSpec && typeof launchSpec.ImageId !== 'string') {
    reasons.push(`${path}.ImageId: must be a string`);
  }
  return reasons;
}

function duplicates(path: string, names: readonly string[]): string[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) reported.add(name);
    seen.add(name);
  }
  return [...reported].map((name) => `${path}: ${name} appears more than once`);
}

function zoneRegionViolations(definition: CascadeDefinition): string[] {
  const regions = new Set(definition.regions.map((r) => r.region));
  const reasons: string[] = [];
  (definition.availabilityZones ?? []).forEach((zone, i) => {
    if (!regions.has(zone.region)) {
      reasons.push(`availabilityZones[${i}].region: ${zone.region} is not one of the worker type's regions`);
    }
    if (!zone.availabilityZone.startsWith(zone.region)) {
      reasons.push(`availabilityZones[${i}].availabilityZone: ${zone.availabilityZone} is not a zone of ${zone.region}`);
    }
  });
  return reasons;
}

/** Rules that only show once the cascade is applied, checked per (region, zone, instance type). */
function combinationViolations(definition: CascadeDefinition): string[] {
  const reasons: string[] = [];
  for (const config of resolveAllLaunchConfigs(definition)) {
    if ('SecurityGroups' in config.launchSpec && 'SubnetId' in config.launchSpec) {
      reasons.push(
        `${describePool(config.pool)}: SecurityGroups cannot be combined with SubnetId (use SecurityGroupIds in a VPC subnet)`,
      );
    }
  }
  return reasons;
}

/** The EC2 resources one region's launch specifications name, to ask EC2 whether they exist. */
export interface RegionEc2References {
  readonly imageIds: string[];
  readonly securityGroupNames: string[];
}

/**
 * Per region, the AMIs and security-group names the cascaded launch specifications use.
 * Only meaningful for a definition without launchSpecViolations.
 */
export function ec2ReferencesByRegion(definition: CascadeDefinition): Map<string, RegionEc2References> {
  const byRegion = new Map<string, { imageIds: Set<string>; securityGroupNames: Set<string> }>();
  for (const config of resolveAllLaunchConfigs(definition)) {
    const entry = byRegion.get(config.pool.region) ?? { imageIds: new Set<string>(), securityGroupNames: new Set<string>() };
    byRegion.set(config.pool.region, entry);
    const { ImageId: imageId, SecurityGroups: groups } = config.launchSpec;
    if (typeof imageId === 'string') entry.imageIds.add(imageId);
    if (Array.isArray(groups)) {
      for (const group of groups) if (typeof group === 'string') entry.securityGroupNames.add(group);
    }
  }
  return new Map(
    [...byRegion].map(([region, refs]) => [
      region,
      { imageIds: [...refs.imageIds].sort(), securityGroupNames: [...refs.securityGroupNames].sort() },
    ]),
  );
}
