/** Values shaped by the model's schemas, for the console's unit tests. */
import type { CapacityHistoryPoint, WorkerTypeDecision } from '@spot-provisioner/model';

export function decision(overrides: Partial<WorkerTypeDecision> = {}): WorkerTypeDecision {
  return {
    workerType: 'demo-linux',
    decidedAt: '2026-11-22T12:00:00.000Z',
    status: 'met',
    inputs: { pendingTasks: 3, runningCapacity: 0, pendingCapacity: 0, requestedCapacity: 0, scalingRatio: 0, minCapacity: 0, maxCapacity: 10, policy: 'classic' },
    capacity: { change: 3, unboundedChange: 3, bounded: null, headroom: 10, explanation: '3 pending tasks and no capacity: add 3.' },
    rounds: [],
    unmet: null,
    cleanup: [],
    outcomes: [],
    notes: [],
    error: null,
    ...overrides,
  };
}

export const launch = (zone: string, instanceType: string, price: number, utility: number) => ({
  market: 'spot' as const,
  region: zone.slice(0, -1),
  availabilityZone: zone,
  instanceType,
  capacity: 1,
  utility,
  price,
  pricePerUtility: price / utility,
  maxPrice: 0.5,
  count: 1,
});

export function point(time: string, overrides: Partial<CapacityHistoryPoint> = {}): CapacityHistoryPoint {
  return {
    time,
    pendingTasks: 0,
    runningCapacity: 0,
    pendingCapacity: 0,
    requestedCapacity: 0,
    minCapacity: 0,
    maxCapacity: 10,
    launches: 0,
    terminations: 0,
    spotCostPerHour: 0,
    unmetCapacity: 0,
    ...overrides,
  };
}
