/**
 * In-memory twins of the repositories, for the simulator and fast tests. Each passes the
 * same contract suite as its DynamoDB implementation (packages/model/test/*.integration.test.ts).
 */
import { MemoryCapacityHistoryRepository, MemoryDecisionRepository, MemoryMarketRepository } from './decisions';
import { MemoryLaunchRepository } from './launches';
import { MemoryPoolRiskRepository } from './pool-risk';
import { MemoryProvisionerRepository } from './provisioner';
import { MemorySecretRepository } from './secrets';
import { MemoryWorkerStateRepository } from './worker-state';
import { MemoryWorkerTypeRepository } from './worker-types';

export { MemoryCapacityHistoryRepository, MemoryDecisionRepository, MemoryMarketRepository };
export { MemoryPoolRiskRepository };
export { MemoryLaunchRepository, MemoryProvisionerRepository, MemorySecretRepository, MemoryWorkerStateRepository, MemoryWorkerTypeRepository };

export interface MemoryRepositories {
  readonly workerTypes: MemoryWorkerTypeRepository;
  readonly secrets: MemorySecretRepository;
  readonly workerState: MemoryWorkerStateRepository;
  readonly launches: MemoryLaunchRepository;
  readonly provisioner: MemoryProvisionerRepository;
  readonly decisions: MemoryDecisionRepository;
  readonly capacityHistory: MemoryCapacityHistoryRepository;
  readonly markets: MemoryMarketRepository;
  readonly poolRisk: MemoryPoolRiskRepository;
}

export function createMemoryRepositories(): MemoryRepositories {
  return {
    workerTypes: new MemoryWorkerTypeRepository(),
    secrets: new MemorySecretRepository(),
    workerState: new MemoryWorkerStateRepository(),
    launches: new MemoryLaunchRepository(),
    provisioner: new MemoryProvisionerRepository(),
    decisions: new MemoryDecisionRepository(),
    capacityHistory: new MemoryCapacityHistoryRepository(),
    markets: new MemoryMarketRepository(),
    poolRisk: new MemoryPoolRiskRepository(),
  };
}
