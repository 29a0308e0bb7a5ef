/**
 * The last decision, asked for only once the daemon has recorded the worker type: each
 * iteration records a decision and a history point together, and before the first one the
 * API answers the decision with a 404 that the browser logs as an error on every poll.
 */
import type { ProvisionerApi } from '@spot-provisioner/api-client';
import type { CapacityHistoryPoint, WorkerTypeDecision } from '@spot-provisioner/model';

/** Far enough back to cover all the history the API keeps (it clamps to its retention). */
const ANY_TIME = new Date(0);

/**
 * null when none is recorded yet. `recentPoints`: history already fetched for the same
 * worker type; when it holds a point, no extra request is made.
 */
export async function recordedDecision(api: ProvisionerApi, workerType: string, recentPoints: readonly CapacityHistoryPoint[]): Promise<WorkerTypeDecision | null> {
  if (recentPoints.length === 0) {
    const any = await api.historyPage(workerType, { since: ANY_TIME, limit: 1 });
    if (any.points.length === 0) return null;
  }
  return api.decision(workerType);
}
