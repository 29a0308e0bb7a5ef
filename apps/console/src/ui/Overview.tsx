import type { ProvisionerApi } from '@spot-provisioner/api-client';
import type { CapacityHistoryPoint } from '@spot-provisioner/model';
import { useEffect, useState } from 'preact/hooks';
import { decisionStatus } from '../decision-view';
import { recordedDecision } from '../recorded-decision';
import { formatCapacityRange, formatPricePerHour } from '../format';
import { costOf, fleetSummary, nextSort, pendingTasksOf, visibleRows, type FleetSummary, type OverviewRow, type Sort, type SortKey } from '../overview-rows';
import { appendSample, CHART_WINDOWS, sampleFromSummary } from '../series';
import { ErrorMessage, Loading } from './ErrorMessage';
import { usePolling } from './hooks';
import { Sparkline } from './Sparkline';

/** Decisions and history need view scopes: signed out, only the public summaries are asked for. */
async function loadRows(api: ProvisionerApi, signedIn: boolean): Promise<OverviewRow[]> {
  const summaries = await api.listWorkerTypeSummaries();
  if (!signedIn) return summaries.map((summary) => ({ summary, decision: undefined, history: [] }));
  const since = new Date(Date.now() - CHART_WINDOWS.hour);
  return Promise.all(
    summaries.map(async (summary) => {
      const history = await api.history(summary.workerType, { since }).then(
        (window) => window.points,
        () => [] as CapacityHistoryPoint[],
      );
      const decision = await recordedDecision(api, summary.workerType, history).catch(() => undefined);
      return { summary, decision, history };
    }),
  );
}

const COLUMNS: readonly { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'workerType', label: 'Worker type', numeric: false },
  { key: 'pendingTasks', label: 'Pending tasks', numeric: true },
  { key: 'runningCapacity', label: 'Running', numeric: true },
  { key: 'pendingCapacity', label: 'Starting', numeric: true },
  { key: 'requestedCapacity', label: 'Requested', numeric: true },
];

/** Every worker type with its load, cost and last decision; refreshes itself. */
export function Overview({ api, signedIn, deleted }: { api: ProvisionerApi; signedIn: boolean; deleted?: string | undefined }) {
  const rows = usePolling(() => loadRows(api, signedIn), 'overview');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'workerType', descending: false });
  const [samples, setSamples] = useState<Record<string, CapacityHistoryPoint[]>>({});

  useEffect(() => {
    if (!rows.data) return;
    const time = new Date();
    setSamples((prev) =>
      Object.fromEntries(rows.data!.map((row) => [row.summary.workerType, appendSample(prev[row.summary.workerType] ?? [], sampleFromSummary(row.summary, time), CHART_WINDOWS.hour)])),
    );
  }, [rows.data]);

  const shown = rows.data ? visibleRows(rows.data, filter, sort) : [];
  return (
    <main id="main" tabIndex={-1}>
      <div class="page-head">
        <h1>Worker types</h1>
        <a class="button primary" href="#/create">
          Create worker type
        </a>
      </div>
      {deleted && (
        <p class="success" role="status">
          Deleted {deleted}.
        </p>
      )}
      {rows.data && <FleetHeader fleet={fleetSummary(rows.data)} signedIn={signedIn} />}
      <label class="filter">
        Filter by name
        <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="e.g. linux" />
      </label>
      <ErrorMessage error={rows.error} title="The worker types could not be loaded" />
      {rows.loading && !rows.data && <Loading what="worker types" />}
      {rows.data && (
        <div class="table-wrap">
          <table class="overview" aria-label="Worker types">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th key={column.key} scope="col" class={column.numeric ? 'num' : ''} aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" class="sort" onClick={() => setSort(nextSort(sort, column.key))}>
                      {column.label}
                      <span aria-hidden="true">{sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </th>
                ))}
                <th scope="col" class="num">
                  Min–max
                </th>
                <th scope="col" class="num" aria-sort={sort.key === 'cost' ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" class="sort" onClick={() => setSort(nextSort(sort, 'cost'))}>
                    Spot cost
                  </button>
                </th>
                <th scope="col">Last decision</th>
                <th scope="col" class="hide-narrow">
                  Last hour
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <OverviewLine key={row.summary.workerType} row={row} samples={samples[row.summary.workerType] ?? []} />
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p class="muted">{rows.data.length === 0 ? 'No worker types yet.' : 'No worker type matches the filter.'}</p>}
        </div>
      )}
    </main>
  );
}

function OverviewLine({ row, samples }: { row: OverviewRow; samples: readonly CapacityHistoryPoint[] }) {
  const { summary } = row;
  const status = row.decision === undefined ? { label: 'not visible', tone: 'none' as const, detail: 'Sign in with view scopes to see decisions.' } : decisionStatus(row.decision);
  const points = row.history.length > 1 ? row.history : samples;
  const tasks = pendingTasksOf(row);
  return (
    <tr data-worker-type={summary.workerType}>
      <th scope="row">
        <a href={`#/worker-type/${encodeURIComponent(summary.workerType)}`}>{summary.workerType}</a>
      </th>
      <td class="num" data-col="pendingTasks" data-label="Pending tasks">{tasks ?? '—'}</td>
      <td class="num" data-col="runningCapacity" data-label="Running">{summary.runningCapacity}</td>
      <td class="num" data-col="pendingCapacity" data-label="Starting">{summary.pendingCapacity}</td>
      <td class="num" data-col="requestedCapacity" data-label="Requested">{summary.requestedCapacity}</td>
      <td class="num" data-label="Min–max">{formatCapacityRange(summary.minCapacity, summary.maxCapacity)}</td>
      <td class="num" data-label="Spot cost">{formatPricePerHour(costOf(row))}</td>
      <td data-label="Last decision">
        <div class="status">
          <span class={`pill tone-${status.tone}`} title={status.detail}>
            {status.label}
          </span>
          {status.tone === 'ok' || status.tone === 'none' ? null : <div class="reason">{status.detail}</div>}
        </div>
      </td>
      <td class="hide-narrow">
        <Sparkline points={points} label={`Capacity of ${summary.workerType} over the last hour`} />
      </td>
    </tr>
  );
}

/** The whole fleet at a glance: worker types by the status of their last decision, and the cost of it all. */
function FleetHeader({ fleet, signedIn }: { fleet: FleetSummary; signedIn: boolean }) {
  const seen = (count: number) => (signedIn ? count : '—');
  return (
    <dl class="stats fleet" aria-label="Fleet" id="fleet-summary">
      <FleetStat label="Worker types" value={fleet.workerTypes} id="fleet-worker-types" />
      <FleetStat label="Met" value={seen(fleet.statuses.met)} id="fleet-met" tone="ok" />
      <FleetStat label="Capped at max" value={seen(fleet.statuses.capped)} id="fleet-capped" tone="capped" />
      <FleetStat label="Unmet" value={seen(fleet.statuses.unmet)} id="fleet-unmet" tone="warn" />
      <FleetStat label="Failed" value={seen(fleet.statuses.error)} id="fleet-error" tone="bad" />
      <FleetStat
        label="Fleet spot cost"
        value={fleet.costPerHour === null ? '—' : formatPricePerHour(fleet.costPerHour)}
        id="fleet-cost"
        title={signedIn ? 'Running instances of every worker type at their pools’ current prices' : 'Sign in with view scopes to see costs'}
      />
    </dl>
  );
}

function FleetStat({ label, value, id, tone, title }: { label: string; value: string | number; id: string; tone?: string; title?: string }) {
  const active = tone && typeof value === 'number' && value > 0;
  return (
    <div class={`stat${active ? ` stat-${tone}` : ''}`} title={title}>
      <dt>{label}</dt>
      <dd id={id}>{value}</dd>
    </div>
  );
}
