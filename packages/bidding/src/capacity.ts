/**
 * How much capacity to add, with the AWS Provisioner's documented semantics: a scaling ratio
 * of 0.2 keeps pending tasks around 20% of running capacity.
 */
import type { CapacityChange, CapacityChangeInput, InstanceTypeCapacity } from './types';
import { requireFinite, requireNonNegative, throwIfAny, type Problems } from './validation';

/** An instance of a type the worker type no longer lists still runs at least one task. */
export const UNKNOWN_INSTANCE_TYPE_CAPACITY = 1;

/** Capacity units of a set of instances, weighted by their type's capacity. */
export function capacityUnits(
  instanceTypes: readonly string[],
  capacities: readonly InstanceTypeCapacity[],
): number {
  const byType = new Map<string, number>();
  const problems: Problems = [];
  for (const { instanceType, capacity } of capacities) {
    requireNonNegative(problems, `capacity of ${instanceType}`, capacity);
    byType.set(instanceType, capacity);
  }
  throwIfAny(problems);
  let total = 0;
  for (const type of instanceTypes) total += byType.get(type) ?? UNKNOWN_INSTANCE_TYPE_CAPACITY;
  return total;
}

function validate(input: CapacityChangeInput): void {
  const problems: Problems = [];
  requireNonNegative(problems, 'runningCapacity', input.runningCapacity);
  requireNonNegative(problems, 'pendingCapacity', input.pendingCapacity);
  requireNonNegative(problems, 'pendingTasks', input.pendingTasks);
  requireNonNegative(problems, 'scalingRatio', input.scalingRatio);
  requireNonNegative(problems, 'minCapacity', input.minCapacity);
  requireFinite(problems, 'maxCapacity', input.maxCapacity);
  if (input.minCapacity > input.maxCapacity) {
    problems.push(`minCapacity (${input.minCapacity}) must not exceed maxCapacity (${input.maxCapacity})`);
  }
  throwIfAny(problems);
}

/**
 * desired pending = round(scalingRatio × running); change = pendingTasks − pending − desired
 * pending, then bounded so that running + pending + change stays within [min, max].
 */
export function capacityChange(input: CapacityChangeInput): CapacityChange {
  validate(input);
  const { runningCapacity: running, pendingCapacity: pending, minCapacity, maxCapacity } = input;
  const existing = running + pending;
  const desiredPending = Math.round(input.scalingRatio * running);
  const unboundedChange = input.pendingTasks - pending - desiredPending;

  let change = unboundedChange;
  let bounded: CapacityChange['bounded'] = null;
  if (existing + change > maxCapacity) {
    change = maxCapacity - existing;
    bounded = 'max';
  } else if (existing + change < minCapacity) {
    change = minCapacity - existing;
    bounded = 'min';
  }
  return {
    change,
    desiredPending,
    unboundedChange,
    bounded,
    totalCapacity: existing + change,
    headroom: Math.max(0, maxCapacity - existing),
  };
}
