/** `state <name>`: the daemon's last snapshot of a worker type's instances and requests. */
import type { ProvisionerApi } from '@spot-provisioner/api-client';
import type { InstanceEntry, RequestEntry } from '@spot-provisioner/model';
import { json, price, tableOf, type Column, type Output } from '../output';

const HOUR_MS = 3_600_000;

/** The pool's price now × the instance's age: what it has cost so far, near enough. */
export function costSoFar(instance: Pick<InstanceEntry, 'price' | 'launchTime'>, now: Date): number | undefined {
  if (instance.price === undefined) return undefined;
  return (instance.price * Math.max(0, now.getTime() - Date.parse(instance.launchTime))) / HOUR_MS;
}

const knownPrice = (usd: number | undefined) => (usd === undefined ? undefined : price(usd));

function instanceColumns(now: Date): Column<InstanceEntry>[] {
  return [
    { header: 'INSTANCE', cell: (i) => i.id },
    { header: 'STATE', cell: (i) => i.state },
    { header: 'TYPE', cell: (i) => i.instanceType },
    { header: 'ZONE', cell: (i) => i.zone },
    { header: 'CAPACITY', cell: (i) => i.capacity },
    { header: 'PRICE $/H', cell: (i) => knownPrice(i.price) },
    { header: 'COST SO FAR $', cell: (i) => knownPrice(costSoFar(i, now)) },
    { header: 'LAUNCHED', cell: (i) => i.launchTime },
  ];
}

const REQUEST_COLUMNS: Column<RequestEntry>[] = [
  { header: 'REQUEST', cell: (r) => r.id },
  { header: 'STATE', cell: (r) => (r.status ? `${r.state} (${r.status})` : r.state) },
  { header: 'TYPE', cell: (r) => r.instanceType },
  { header: 'ZONE', cell: (r) => r.zone },
  { header: 'CAPACITY', cell: (r) => r.capacity },
  { header: 'CREATED', cell: (r) => r.createdTime },
];

export async function stateCommand(api: ProvisionerApi, name: string, options: { json: boolean }, output: Output, now = new Date()): Promise<number> {
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
    lines.push(tableOf(instanceColumns(now), state.instances).trimEnd());
    lines.push("(prices in USD per hour per instance, at the pool's price when the daemon last looked; cost so far = that price × age)");
  }
  const requests = [...state.requests, ...state.internalTrackedRequests];
  if (requests.length > 0) lines.push('', tableOf(REQUEST_COLUMNS, requests).trimEnd());
  output.out(`${lines.join('\n')}\n`);
  return 0;
}
