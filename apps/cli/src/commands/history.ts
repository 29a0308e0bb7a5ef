/** `history <name> --since 1h`: the capacity history points of a window, all pages. */
import { MAX_HISTORY_PAGES, type ProvisionerApi } from '@spot-provisioner/api-client';
import { UsageError } from '../errors';
import { json, price, table, type Output } from '../output';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90m", "1h", "2d", "30s", or an ISO date-time → the ISO instant it names (durations count back from now). */
export function parseInstant(text: string, now: Date, option: string): string {
  const duration = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * (UNIT_MS[duration[2] ?? 's'] ?? 1_000)).toISOString();
  const date = new Date(text);
  if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}/.test(text)) return date.toISOString();
  throw new UsageError(`${option} must be a duration (30s, 90m, 1h, 2d) or an ISO date-time, got "${text}"`);
}

export interface HistoryOptions {
  readonly since: string;
  readonly until?: string;
  readonly json: boolean;
}

export async function historyCommand(api: ProvisionerApi, name: string, options: HistoryOptions, output: Output, now = new Date()): Promise<number> {
  const since = parseInstant(options.since, now, '--since');
  const until = options.until ? parseInstant(options.until, now, '--until') : undefined;
  const { points, truncated } = await api.history(name, { since, ...(until ? { until } : {}) });
  if (truncated) {
    output.err(`note: the window holds more than ${MAX_HISTORY_PAGES} pages of history; only its oldest ${points.length} points are shown (narrow it with --since/--until)\n`);
  }

  if (options.json) {
    output.out(json({ workerType: name, since, until: until ?? now.toISOString(), points }));
    return 0;
  }
  if (points.length === 0) {
    output.out(`No history for ${name} since ${since}.\n`);
    return 0;
  }
  // scale-down's columns only for a worker type that has it (points carry them then)
  const drains = points.some((p) => p.drains !== undefined);
  const headers = ['TIME', 'PENDING TASKS', 'RUNNING', 'PENDING', 'REQUESTED', 'UNMET', 'LAUNCHES', 'TERMINATIONS', 'SPOT $/H'];
  output.out(
    table(
      drains ? [...headers, 'IDLE', 'DRAINS', 'DRAINED'] : headers,
      points.map((p) => {
        const row = [p.time, p.pendingTasks, p.runningCapacity, p.pendingCapacity, p.requestedCapacity, p.unmetCapacity, p.launches, p.terminations, price(p.spotCostPerHour)];
        return drains ? [...row, p.idleCapacity ?? '-', p.drains ?? '-', p.drainTerminations ?? '-'] : row;
      }),
    ),
  );
  return 0;
}
