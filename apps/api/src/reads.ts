/**
 * The API's hot reads, kept briefly: a definition read by a read method, and the summaries of
 * every worker type. Writes through this process forget them at once; what another process
 * writes (another API replica, the daemon's snapshots) shows within a second. The write
 * methods never read through here.
 */
import type { Repositories, WorkerTypeSummary } from '@spot-provisioner/model';
import { CoalescedRead } from './http/coalesced-read';
import { RecentWorkerTypes } from './http/recent-worker-types';

/** Summaries change with the daemon's snapshots (every iteration, 30 s); a second more is nothing to a reader. */
export const SUMMARIES_FRESH_MS = 1_000;

export interface SerializedSummaries {
  readonly list: readonly WorkerTypeSummary[];
  /** `list` as the response body. */
  readonly json: string;
}

export class ApiReads {
  readonly workerTypes: RecentWorkerTypes;
  /**
   * Every worker type's bounds and every snapshot's summary: two projected scans, shared by
   * concurrent requests, and serialized once per read (the rows were checked when they were
   * parsed; re-checking and re-serializing 200 of them per request was most of its cost).
   */
  readonly summaries: CoalescedRead<SerializedSummaries>;

  constructor(repositories: Pick<Repositories, 'workerTypes' | 'workerState'>) {
    this.workerTypes = new RecentWorkerTypes(repositories.workerTypes);
    this.summaries = new CoalescedRead(async () => {
      const [limits, recorded] = await Promise.all([repositories.workerTypes.listCapacityLimits(), repositories.workerState.listSummaries()]);
      const byType = new Map(recorded.map((summary) => [summary.workerType, summary]));
      const none = { requestedCapacity: 0, pendingCapacity: 0, runningCapacity: 0 };
      // min/max from the current definition: an update shows before the next iteration
      const list: WorkerTypeSummary[] = limits.map(({ workerType, minCapacity, maxCapacity }) => ({ ...(byType.get(workerType) ?? none), workerType, minCapacity, maxCapacity }));
      return { list, json: JSON.stringify(list) };
    }, SUMMARIES_FRESH_MS);
  }

  /** This process created, updated or deleted the worker type. */
  changed(workerType: string): void {
    this.workerTypes.forget(workerType);
    this.summaries.forget();
  }
}
