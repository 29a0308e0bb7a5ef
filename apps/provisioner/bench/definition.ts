/** The benchmarks' worker type: m5.large only, generous prices, in the given regions' AMIs. */
import type { WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import { workerTypeDefinition } from '@spot-provisioner/testing';

export function benchDefinition(amis: Readonly<Record<string, string>>, capacity: { minCapacity: number; maxCapacity: number }): WorkerTypeDefinitionInput {
  return workerTypeDefinition(amis, { description: 'benchmark worker type', owner: 'bench@example.com', ...capacity });
}
