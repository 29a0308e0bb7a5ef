/** The overview table's rows and its header's totals: sort and filter by name, pure so tests pin them. */
import type { CapacityHistoryPoint, DecisionStatus, WorkerTypeDecision, WorkerTypeSummary } from '@spot-provisioner/model';
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

/** The overview's header: worker types per decision status, and what the whole fleet costs. */
export interface FleetSummary {
  readonly workerTypes: number;
  /** Per decision status; `unknown`: no decision recorded yet, or not visible without view scopes. */
  readonly statuses: Readonly<Record<DecisionStatus | 'unknown', number>>;
  /** USD/h of the running instances of every worker type whose cost is known; null when none is. */
  readonly costPerHour: number | null;
}

export function fleetSummary(rows: readonly OverviewRow[]): FleetSummary {
  const statuses = { met: 0, capped: 0, unmet: 0, error: 0, unknown: 0 };
  let costPerHour: number | null = null;
  for (const row of rows) {
    statuses[row.decision?.status ?? 'unknown']++;
    const cost = costOf(row);
    if (cost !== null) costPerHour = (costPerHour ?? 0) + cost;
  }
  return { workerTypes: rows.length, statuses, costPerHour };
}
