/** The sentences of scale-down's decision: what an operator reads in the console and the CLI. */
import type { KeepWarmForecast } from '@spot-provisioner/bidding';
import type { DrainAction, ScaleDownDecision } from '@spot-provisioner/model';

/** "40 s", "2 min 30 s", "16 min", "2 h 5 min": seconds count under ten minutes, where the idle minimum lies. */
export function minutes(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 600) return seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const total = Math.round(seconds / 60);
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h${total % 60 === 0 ? '' : ` ${total % 60} min`}`;
}

/** "0.3 tasks expected over the next 3-minute boot". */
export function forecastPhrase(forecast: KeepWarmForecast): string {
  const boot = Math.max(1, Math.round(forecast.bootMs / 60_000));
  const expected = forecast.expectedArrivals < 10 ? forecast.expectedArrivals.toFixed(1) : String(Math.round(forecast.expectedArrivals));
  return `${expected} tasks expected over the next ${boot}-minute boot`;
}

export function describeIdle(idleMs: number, basis: 'resolved' | 'first-claim' | 'launch'): string {
  if (basis === 'resolved') return `idle ${minutes(idleMs)}`;
  if (basis === 'first-claim') return `idle ${minutes(idleMs)} (no task since its first claim)`;
  return `idle ${minutes(idleMs)} (unknown to the queue since its launch)`;
}

export function drainExplanation(
  decision: Pick<ScaleDownDecision, 'idleCapacity' | 'keepWarmCapacity'>,
  forecast: KeepWarmForecast | null,
  actions: readonly DrainAction[],
  pendingTasks: number,
): string {
  const count = (action: DrainAction['action']) => actions.filter((a) => a.action === action).length;
  const done = [
    count('quarantine') > 0 ? `${count('quarantine')} quarantined to drain` : '',
    count('terminate') > 0 ? `${count('terminate')} terminated after draining` : '',
    count('lift') > 0 ? `${count('lift')} drains called off` : '',
  ].filter(Boolean);
  const warm = forecast
    ? `Keeps ${decision.keepWarmCapacity} capacity warm for ${forecastPhrase(forecast)} (${(forecast.arrivalsPerS * 60).toFixed(1)} a minute)`
    : 'No forecast yet (too little history): nothing new is drained';
  const pending = pendingTasks > 0 ? `, ${pendingTasks} pending` : '';
  return `${warm}; ${decision.idleCapacity} idle${pending}; ${done.length > 0 ? done.join(', ') : 'nothing drained'}.`;
}
