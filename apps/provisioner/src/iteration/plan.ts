/**
 * Pure: one worker type's plan from what was gathered, through packages/bidding
 * (capacity change first, then placement).
 */
import {
  capacityChange,
  planPlacement,
  type CapacityChange,
  type OnDemandPrice,
  type Plan,
  type SpotPoolPrice,
  type SpotPriceIndex,
  type UnavailablePool,
} from '@spot-provisioner/bidding';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';
import type { WorkerTypeCapacity } from './capacity';

export interface PlanInput {
  definition: WorkerTypeDefinition;
  capacity: Pick<WorkerTypeCapacity, 'runningCapacity' | 'pendingCapacity'>;
  pendingTasks: number;
  /** Regions described successfully this iteration. */
  managedRegions: readonly string[];
  availableZones: Readonly<Record<string, readonly string[]>>;
  /** An index built once per iteration serves every plan; a plain list is indexed per call. */
  spotPrices: readonly SpotPoolPrice[] | SpotPriceIndex;
  onDemandPrices: readonly OnDemandPrice[];
  recentlyUnavailable: readonly UnavailablePool[];
  now: number;
  /** Capacity units already launched this iteration (a re-plan after capacity errors). */
  alreadyLaunched?: number;
}

export interface WorkerTypePlan {
  change: CapacityChange;
  placement: Plan;
}

export function planWorkerType(input: PlanInput): WorkerTypePlan {
  const { definition } = input;
  const launched = input.alreadyLaunched ?? 0;
  const change = capacityChange({
    runningCapacity: input.capacity.runningCapacity,
    pendingCapacity: input.capacity.pendingCapacity + launched,
    pendingTasks: input.pendingTasks,
    scalingRatio: definition.scalingRatio,
    minCapacity: definition.minCapacity,
    maxCapacity: definition.maxCapacity,
  });
  const placement = planPlacement({
    instanceTypes: definition.instanceTypes.map(({ instanceType, capacity, utility }) => ({ instanceType, capacity, utility })),
    regions: definition.regions.map(({ region }) => region),
    availabilityZones: definition.availabilityZones.map(({ region, availabilityZone }) => ({ region, availabilityZone })),
    minPrice: definition.minPrice,
    maxPrice: definition.maxPrice,
    canUseSpot: definition.canUseSpot ?? true,
    canUseOndemand: definition.canUseOndemand ?? false,
    managedRegions: input.managedRegions,
    availableZones: input.availableZones,
    spotPrices: input.spotPrices,
    onDemandPrices: input.onDemandPrices,
    recentlyUnavailable: input.recentlyUnavailable,
    now: input.now,
    change: change.change,
    headroom: change.headroom,
    options: { seed: Math.floor(input.now / 1000) % 2_147_483_647 },
  });
  return { change, placement };
}
