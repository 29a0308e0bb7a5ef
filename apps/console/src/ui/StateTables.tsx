import type { WorkerTypeState } from '../api/client';
import { formatAge } from '../format';

/** Instances and spot requests from the daemon's last snapshot. */
export function StateTables({ state, now }: { state: WorkerTypeState; now: Date }) {
  const requests = [...state.requests, ...state.internalTrackedRequests];
  return (
    <>
      <h3>Instances ({state.instances.length})</h3>
      {state.instances.length === 0 ? (
        <p class="muted">No instances.</p>
      ) : (
        <div class="table-wrap">
          <table class="state-table">
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Pool</th>
                <th scope="col">Spot request</th>
                <th scope="col">State</th>
                <th scope="col" class="num">Capacity</th>
                <th scope="col" class="num">Age</th>
              </tr>
            </thead>
            <tbody>
              {state.instances.map((i) => (
                <tr key={i.id}>
                  <td class="mono">{i.id}</td>
                  <td>
                    {i.instanceType} in {i.zone}
                  </td>
                  <td class="mono">{i.spotRequestId ?? '—'}</td>
                  <td>{i.state}</td>
                  <td class="num">{i.capacity}</td>
                  <td class="num">{formatAge(i.launchTime, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Requests ({requests.length})</h3>
      {requests.length === 0 ? (
        <p class="muted">No open requests.</p>
      ) : (
        <div class="table-wrap">
          <table class="state-table">
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Pool</th>
                <th scope="col">State</th>
                <th scope="col" class="num">Capacity</th>
                <th scope="col" class="num">Age</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td class="mono">{r.id}</td>
                  <td>
                    {r.instanceType} in {r.zone}
                  </td>
                  <td>
                    {r.state}
                    {r.status ? ` (${r.status})` : ''}
                  </td>
                  <td class="num">{r.capacity}</td>
                  <td class="num">{formatAge(r.createdTime, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
