/** Realistic rows for the API benchmarks: a definition like a CI fleet's and a snapshot with a few instances. */
import type { WorkerStateSnapshot, WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import { SCHEMA_EXAMPLES } from '../src/http/openapi-examples';

/** The OpenAPI document's example definition (a CI fleet's), with secrets to seal. */
export function benchDefinition(): WorkerTypeDefinitionInput {
  const example = structuredClone(SCHEMA_EXAMPLES.WorkerTypeDefinition) as WorkerTypeDefinitionInput;
  return { ...example, secrets: { registryPassword: 'bench-only-password', githubToken: 'bench-only-token' } };
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
