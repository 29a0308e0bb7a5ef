/**
 * Pure: a failed region's capacity for one worker type, from the last state snapshot, so a
 * one-region outage does not starve a worker type that spans healthy regions too.
 */
import type { WorkerStateSnapshot } from '@spot-provisioner/model';
import type { CapacityInputs } from '@spot-provisioner/planner';

/**
 * How old a snapshot may be to stand for a failed region. Snapshots are rewritten at least
 * every few minutes; beyond half an hour instances there have likely finished or been
 * replaced, and planning on such a guess could overshoot maxCapacity.
 */
export const LAST_KNOWN_CAPACITY_MAX_AGE_MS = 30 * 60_000;

export type LastKnownCapacity = { ok: true; capacity: CapacityInputs; note: string } | { ok: false; error: string };

export function lastKnownCapacity(
  snapshot: WorkerStateSnapshot | undefined,
  failedRegions: readonly string[],
  now: number,
): LastKnownCapacity {
  const regions = failedRegions.join(', ');
  const ageMs = snapshot ? now - Date.parse(snapshot.updatedAt) : Number.POSITIVE_INFINITY;
  if (!snapshot || !(ageMs <= LAST_KNOWN_CAPACITY_MAX_AGE_MS)) {
    return {
      ok: false,
      error:
        `capacity in ${regions} is unknown: the region failed this iteration and no state snapshot from the last ` +
        `${LAST_KNOWN_CAPACITY_MAX_AGE_MS / 60_000} minutes exists; not launching`,
    };
  }
  const inFailed = (entry: { region: string }) => failedRegions.includes(entry.region);
  const capacity: CapacityInputs = { runningCapacity: 0, pendingCapacity: 0, requestedCapacity: 0 };
  for (const instance of snapshot.instances.filter(inFailed)) {
    if (instance.state === 'running') capacity.runningCapacity += instance.capacity;
    else capacity.pendingCapacity += instance.capacity;
  }
  // submitted launches there stay in the Launches table and are counted already
  for (const request of snapshot.requests.filter(inFailed)) {
    if (request.state === 'open') capacity.requestedCapacity += request.capacity;
  }
  return {
    ok: true,
    capacity,
    note:
      `${regions} failed this iteration: its last known capacity (${capacity.runningCapacity} running, ` +
      `${capacity.pendingCapacity} starting, ${capacity.requestedCapacity} requested, from the snapshot of ${snapshot.updatedAt}) ` +
      'is used, and launches go to the healthy regions.',
  };
}
