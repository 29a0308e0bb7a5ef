/**
 * What instances cost, from the prices the daemon records per instance in its snapshot
 * (the pool's price when it last looked). Pure, so tests pin the arithmetic.
 */
import type { InstanceEntry } from '@spot-provisioner/model';

const HOUR_MS = 3_600_000;

/** The pool's price now × the instance's age: its cost so far, near enough; null when the price is unknown. */
export function costSoFar(instance: Pick<InstanceEntry, 'price' | 'launchTime'>, now: Date): number | null {
  if (instance.price === undefined) return null;
  const ageMs = Math.max(0, now.getTime() - Date.parse(instance.launchTime));
  return Number.isFinite(ageMs) ? (instance.price * ageMs) / HOUR_MS : null;
}

/** USD/h of the running instances (as the daemon's spot cost counts); null when running ones have no known price. */
export function runningCostPerHour(instances: readonly Pick<InstanceEntry, 'price' | 'state'>[]): number | null {
  const running = instances.filter((instance) => instance.state === 'running');
  const priced = running.filter((instance) => instance.price !== undefined);
  if (running.length > 0 && priced.length === 0) return null;
  return priced.reduce((sum, instance) => sum + (instance.price ?? 0), 0);
}
