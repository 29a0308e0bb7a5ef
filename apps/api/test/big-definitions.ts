/** Definitions at and beyond the API's size limits, for the bounded-work test and `pnpm bench`. */
import { expandedLaunchSpecBytes, MAX_EXPANDED_BYTES, MAX_INSTANCE_TYPES, MAX_LAUNCH_SPECS, WorkerTypeDefinitionSchema, type WorkerTypeDefinitionInput } from '@spot-provisioner/model';

type Definition = WorkerTypeDefinitionInput;

export const instanceTypes = (count: number): Definition['instanceTypes'] =>
  Array.from({ length: count }, (_, index) => ({
    instanceType: `x${index}.large`,
    capacity: 1,
    utility: 1,
    launchSpec: {},
    secrets: {},
    userData: {},
    scopes: [],
  }));

/** The given real regions plus made-up ones (EC2 checks only the allowed regions). */
export function regions(base: Definition, count: number): Definition['regions'] {
  const made = Array.from({ length: Math.max(0, count - base.regions.length) }, (_, index) => ({
    region: `zz-test-${index}`,
    launchSpec: { ImageId: 'ami-0123456789abcdef0' },
    secrets: {},
    userData: {},
    scopes: [],
  }));
  return [...base.regions, ...made].slice(0, count);
}

/** 20 regions × 100 instance types = MAX_LAUNCH_SPECS, general userData padded to just under MAX_EXPANDED_BYTES. */
export function maximumSizeDefinition(base: Definition): Definition {
  const definition: Definition = { ...base, regions: regions(base, 20), instanceTypes: instanceTypes(MAX_INSTANCE_TYPES) };
  const unpadded = expandedLaunchSpecBytes(WorkerTypeDefinitionSchema.parse({ ...definition, userData: { pad: '' } }));
  return { ...definition, userData: { pad: 'x'.repeat(Math.floor((MAX_EXPANDED_BYTES - unpadded) / MAX_LAUNCH_SPECS) - 1) } };
}

/** The probe's 1,000 regions × 1,000 instance types: far past two limits. */
export function hugeDefinition(base: Definition): Definition {
  return { ...base, regions: regions(base, 1000), instanceTypes: instanceTypes(1000) };
}

/** How many launch specifications a launch-specifications document holds. */
export function launchSpecCount(text: string): number {
  const byRegion = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
  return Object.values(byRegion).reduce((sum, byType) => sum + Object.values(byType).reduce((n, zones) => n + Object.keys(zones).length, 0), 0);
}
