/** `state <name>`: the daemon's last snapshot of a worker type's instances and requests. */
import type { ProvisionerApi } from '../api-client';
import { json, table, type Output } from '../output';

export async function stateCommand(api: ProvisionerApi, name: string, options: { json: boolean }, output: Output): Promise<number> {
  const state = await api.state(name);
  if (options.json) {
    output.out(json(state));
    return 0;
  }
  const s = state.summary;
  const lines = [
    `${state.workerType}: running ${s.runningCapacity}, pending ${s.pendingCapacity}, requested ${s.requestedCapacity} (min ${s.minCapacity}, max ${s.maxCapacity})`,
  ];
  if (state.unmet) lines.push(`unmet: ${state.unmet.capacity}: ${state.unmet.reason}`);
  lines.push('');
  if (state.instances.length === 0) lines.push('No instances.');
  else {
    lines.push(
      table(
        ['INSTANCE', 'STATE', 'TYPE', 'ZONE', 'CAPACITY', 'LAUNCHED'],
        state.instances.map((i) => [i.id, i.state, i.instanceType, i.zone, i.capacity, i.launchTime]),
      ).trimEnd(),
    );
  }
  const requests = [...state.requests, ...state.internalTrackedRequests];
  if (requests.length > 0) {
    lines.push(
      '',
      table(
        ['REQUEST', 'STATE', 'TYPE', 'ZONE', 'CAPACITY', 'CREATED'],
        requests.map((r) => [r.id, r.status ? `${r.state} (${r.status})` : r.state, r.instanceType, r.zone, r.capacity, r.createdTime]),
      ).trimEnd(),
    );
  }
  output.out(`${lines.join('\n')}\n`);
  return 0;
}
