/** The benchmarks' worker type: m5.large only, generous prices, in the given regions' AMIs. */
import type { WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import { workerTypeDefinition } from '@spot-provisioner/testing';

export function benchDefinition(amis: Readonly<Record<string, string>>, capacity: { minCapacity: number; maxCapacity: number }): WorkerTypeDefinitionInput {
  return workerTypeDefinition(amis, { description: 'benchmark worker type', owner: 'bench@example.com', ...capacity });
}

/** The daemon settings every benchmark's provisioner shares (the URLs only end up in user data). */
export const BENCH_DAEMON_SETTINGS = {
  maxInstanceLifeMs: 96 * 3_600_000,
  provisionerBaseUrl: 'http://127.0.0.1:5557/api/aws-provisioner/v1',
  taskclusterRootUrl: 'http://127.0.0.1:5557',
} as const;
