/** The benchmarks' worker type: m5.large only, generous prices, in the given regions' AMIs. */
import type { WorkerTypeDefinitionInput } from '@spot-provisioner/model';

export function benchDefinition(amis: Readonly<Record<string, string>>, capacity: { minCapacity: number; maxCapacity: number }): WorkerTypeDefinitionInput {
  return {
    description: 'benchmark worker type',
    owner: 'bench@example.com',
    ...capacity,
    scalingRatio: 0,
    minPrice: 0,
    maxPrice: 1,
    launchSpec: {},
    userData: {},
    secrets: {},
    scopes: [],
    instanceTypes: [{ instanceType: 'm5.large', capacity: 1, utility: 1, launchSpec: {}, secrets: {}, userData: {}, scopes: [] }],
    regions: Object.entries(amis).map(([region, imageId]) => ({ region, launchSpec: { ImageId: imageId }, secrets: {}, userData: {}, scopes: [] })),
  };
}
