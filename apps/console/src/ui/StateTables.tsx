import type { ComponentChildren } from 'preact';
import type { InstanceEntry, RequestEntry } from '@spot-provisioner/model';
import type { WorkerTypeState } from '../api/client';
import { formatAge } from '../format';

interface Column<T> {
  readonly header: string;
  readonly numeric?: boolean;
  readonly mono?: boolean;
  readonly cell: (row: T) => ComponentChildren;
}

/** Instances and spot requests from the daemon's last snapshot. */
export function StateTables({ state, now }: { state: WorkerTypeState; now: Date }) {
  const pool = (row: { instanceType: string; zone: string }) => `${row.instanceType} in ${row.zone}`;
  const instanceColumns: Column<InstanceEntry>[] = [
    { header: 'Instance', mono: true, cell: (i) => i.id },
    { header: 'Pool', cell: pool },
    { header: 'Spot request', mono: true, cell: (i) => i.spotRequestId ?? '—' },
    { header: 'State', cell: (i) => i.state },
    { header: 'Capacity', numeric: true, cell: (i) => i.capacity },
    { header: 'Age', numeric: true, cell: (i) => formatAge(i.launchTime, now) },
  ];
  const requestColumns: Column<RequestEntry>[] = [
    { header: 'Request', mono: true, cell: (r) => r.id },
    { header: 'Pool', cell: pool },
    { header: 'State', cell: (r) => (r.status ? `${r.state} (${r.status})` : r.state) },
    { header: 'Capacity', numeric: true, cell: (r) => r.capacity },
    { header: 'Age', numeric: true, cell: (r) => formatAge(r.createdTime, now) },
  ];
  return (
    <>
      <EntryTable title="Instances" empty="No instances." rows={state.instances} columns={instanceColumns} />
      <EntryTable title="Requests" empty="No open requests." rows={[...state.requests, ...state.internalTrackedRequests]} columns={requestColumns} />
    </>
  );
}

function EntryTable<T extends { id: string }>({ title, empty, rows, columns }: { title: string; empty: string; rows: readonly T[]; columns: readonly Column<T>[] }) {
  const cellClass = (column: Column<T>) => [column.numeric ? 'num' : '', column.mono ? 'mono' : ''].join(' ').trim() || undefined;
  return (
    <>
      <h3>
        {title} ({rows.length})
      </h3>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="state-table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" class={column.numeric ? 'num' : undefined}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  {columns.map((column) => (
                    <td key={column.header} class={cellClass(column)}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
