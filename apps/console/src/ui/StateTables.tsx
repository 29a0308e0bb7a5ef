import type { WorkerTypeState } from '@spot-provisioner/api-client';
import type { InstanceEntry, RequestEntry } from '@spot-provisioner/model';
import { formatAge, formatPrice } from '../format';
import { costSoFar } from '../instance-cost';
import { DataTable, type Column } from './DataTable';

const pool = (row: { instanceType: string; zone: string }) => `${row.instanceType} in ${row.zone}`;
const price = (usd: number | null | undefined) => (usd === null || usd === undefined ? '—' : formatPrice(usd));

function instanceColumns(now: Date): Column<InstanceEntry>[] {
  return [
    { header: 'Instance', mono: true, cell: (i) => i.id },
    { header: 'Pool', cell: (i) => (i.market === 'on-demand' ? `${pool(i)} (on-demand)` : pool(i)) },
    { header: 'Spot request', mono: true, cell: (i) => i.spotRequestId ?? '—' },
    { header: 'State', cell: (i) => i.state },
    { header: 'Capacity', numeric: true, cell: (i) => i.capacity },
    { header: 'Price $/h', numeric: true, title: 'The pool’s price per hour when the daemon last looked', cell: (i) => price(i.price) },
    { header: 'Cost so far $', numeric: true, title: 'The pool’s price × the instance’s age', cell: (i) => price(costSoFar(i, now)) },
    { header: 'Age', numeric: true, cell: (i) => formatAge(i.launchTime, now) },
  ];
}

function requestColumns(now: Date): Column<RequestEntry>[] {
  return [
    { header: 'Request', mono: true, cell: (r) => r.id },
    { header: 'Pool', cell: pool },
    { header: 'State', cell: (r) => (r.status ? `${r.state} (${r.status})` : r.state) },
    { header: 'Capacity', numeric: true, cell: (r) => r.capacity },
    { header: 'Age', numeric: true, cell: (r) => formatAge(r.createdTime, now) },
  ];
}

/** Instances and spot requests from the daemon's last snapshot. */
export function StateTables({ state, now }: { state: WorkerTypeState; now: Date }) {
  const requests = [...state.requests, ...state.internalTrackedRequests];
  return (
    <>
      <h3>Instances ({state.instances.length})</h3>
      {state.instances.length === 0 ? (
        <p class="muted">No instances.</p>
      ) : (
        <DataTable rows={state.instances} columns={instanceColumns(now)} rowKey={(i) => i.id} label="Instances" />
      )}
      <h3>Requests ({requests.length})</h3>
      {requests.length === 0 ? (
        <p class="muted">No open requests.</p>
      ) : (
        <DataTable rows={requests} columns={requestColumns(now)} rowKey={(r) => r.id} label="Requests" />
      )}
    </>
  );
}
