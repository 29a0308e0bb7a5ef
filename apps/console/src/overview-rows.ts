/** The overview table's rows: sort and filter by name, pure so tests pin the order. */
import type { CapacityHistoryPoint, WorkerTypeDecision, WorkerTypeSummary } from '@spot-provisioner/model';
import { latest } from './series';

export interface OverviewRow {
  readonly summary: WorkerTypeSummary;
  /** undefined: could not be read (e.g. no view scope); null: none recorded yet. */
  readonly decision: WorkerTypeDecision | null | undefined;
  readonly history: readonly CapacityHistoryPoint[];
}

export type SortKey = 'workerType' | 'pendingTasks' | 'runningCapacity' | 'pendingCapacity' | 'requestedCapacity' | 'cost';
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

export function pendingTasksOf(row: OverviewRow): number | null {
  return row.decision?.inputs.pendingTasks ?? latest(row.history)?.pendingTasks ?? null;
}

export function costOf(row: OverviewRow): number | null {
  const point = latest(row.history);
  return point && point.spotCostPerHour > 0 ? point.spotCostPerHour : point ? 0 : null;
}

function sortValue(row: OverviewRow, key: SortKey): number | string {
  switch (key) {
    case 'workerType':
      return row.summary.workerType;
    case 'pendingTasks':
      return pendingTasksOf(row) ?? -1;
    case 'cost':
      return costOf(row) ?? -1;
    default:
      return row.summary[key];
  }
}

/** Rows whose name contains `filter` (any case), sorted; ties keep name order. */
export function visibleRows(rows: readonly OverviewRow[], filter: string, sort: Sort): OverviewRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = rows.filter((row) => row.summary.workerType.toLowerCase().includes(needle));
  const direction = sort.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    const order = typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb) : Number(va) - Number(vb);
    return order * direction || a.summary.workerType.localeCompare(b.summary.workerType);
  });
}

/** Clicking a column sorts by it; clicking it again flips the direction. Numbers start largest first. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'workerType' };
}
