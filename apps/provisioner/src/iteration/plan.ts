/**
 * Pure: one worker type's plan from what was gathered, through packages/bidding
 * (capacity change first, then placement).
 */
import {
  planPlacement,
  type DemandDecision,
  type OnDemandPrice,
  type Plan,
  type SpotPoolPrice,
  type SpotPriceIndex,
  type UnavailablePool,
} from '@spot-provisioner/bidding';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';
import { processDemandMemory, type DemandMemory } from '../policy/demand-memory';
import type { WorkerTypeCapacity } from './capacity';

export interface PlanInput {
  /** The worker type's name: its demand policy's memory is kept under it. */
  workerType?: string;
  definition: WorkerTypeDefinition;
  capacity: Pick<WorkerTypeCapacity, 'runningCapacity' | 'pendingCapacity'> & Partial<Pick<WorkerTypeCapacity, 'instances'>>;
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
  /** Observations kept between iterations for the demand policy; the daemon's own by default. */
  demandMemory?: DemandMemory;
}

export interface WorkerTypePlan {
  change: DemandDecision;
  placement: Plan;
}

export function planWorkerType(input: PlanInput): WorkerTypePlan {
  const { definition } = input;
  const launched = input.alreadyLaunched ?? 0;
  const change = decideDemand(input, launched);
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

/**
 * The capacity change by the worker type's demand policy. The observation (before this
 * iteration's launches) is remembered once per iteration: a re-plan at the same instant replaces it.
 */
function decideDemand(input: PlanInput, launched: number): DemandDecision {
  const { definition } = input;
  const memory = input.demandMemory ?? processDemandMemory;
  const name = input.workerType;
  if (name !== undefined && launched === 0 && input.capacity.instances) memory.observeInstances(name, input.capacity.instances, input.now);
  const history = name === undefined ? [] : memory.history(name, input.now);
  const observedBootMs = name === undefined ? undefined : memory.observedBootMs(name);
  const decision = memory.policyFor(definition.policy).decide({
    runningCapacity: input.capacity.runningCapacity,
    pendingCapacity: input.capacity.pendingCapacity + launched,
    pendingTasks: input.pendingTasks,
    scalingRatio: definition.scalingRatio,
    minCapacity: definition.minCapacity,
    maxCapacity: definition.maxCapacity,
    now: input.now,
    history,
    ...(observedBootMs === undefined ? {} : { observedBootMs }),
  });
  if (input.workerType !== undefined) {
    memory.record(input.workerType, {
      at: input.now,
      pendingTasks: input.pendingTasks,
      runningCapacity: input.capacity.runningCapacity,
      pendingCapacity: input.capacity.pendingCapacity,
    });
  }
  return decision;
}
