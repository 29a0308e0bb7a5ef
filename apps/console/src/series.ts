/**
 * Capacity history as chart series, and the geometry of the small SVG charts. Pure.
 */
import type { CapacityHistoryPoint } from '@spot-provisioner/model';

export const CHART_WINDOWS = {
  hour: 3600_000,
  day: 24 * 3600_000,
  week: 7 * 24 * 3600_000,
} as const;
export type ChartWindow = keyof typeof CHART_WINDOWS;

/** How often each window's history is fetched again: a week of points changes little in 5 s. */
export const CHART_REFRESH_MS: Readonly<Record<ChartWindow, number>> = { hour: 5_000, day: 60_000, week: 300_000 };

/** More points than this are thinned before drawing: a chart ~760 units wide shows no more. */
export const MAX_DRAWN_POINTS = 720;

/**
 * Keeps at most `max` points, evenly spaced, always the newest; within each dropped stretch
 * the point with the most pending tasks or capacity is kept, so peaks stay visible.
 */
export function thin(points: readonly CapacityHistoryPoint[], max = MAX_DRAWN_POINTS): CapacityHistoryPoint[] {
  if (points.length <= max) return [...points];
  const bucket = Math.ceil(points.length / max);
  const kept: CapacityHistoryPoint[] = [];
  for (let start = 0; start < points.length; start += bucket) {
    const slice = points.slice(start, start + bucket);
    kept.push(slice.reduce((best, p) => (weight(p) > weight(best) ? p : best)));
  }
  const newest = points[points.length - 1];
  if (newest && kept[kept.length - 1] !== newest) kept[kept.length - 1] = newest;
  return kept;
}

function weight(point: CapacityHistoryPoint): number {
  return Math.max(point.pendingTasks ?? 0, totalCapacity(point));
}

export interface SeriesDef {
  readonly key: 'pendingTasks' | 'runningCapacity' | 'pendingCapacity' | 'requestedCapacity';
  readonly label: string;
  /** A CSS class that sets the stroke colour. */
  readonly className: string;
}

export const CAPACITY_SERIES: readonly SeriesDef[] = [
  { key: 'pendingTasks', label: 'Pending tasks', className: 'series-tasks' },
  { key: 'runningCapacity', label: 'Running', className: 'series-running' },
  { key: 'pendingCapacity', label: 'Starting', className: 'series-pending' },
  { key: 'requestedCapacity', label: 'Requested', className: 'series-requested' },
];

export interface Point2 {
  readonly t: number;
  readonly v: number;
}

/** One series' points; a null pendingTasks (queue did not answer) leaves a gap by being skipped. */
export function seriesPoints(points: readonly CapacityHistoryPoint[], key: SeriesDef['key']): Point2[] {
  return points.flatMap((point) => {
    const value = point[key];
    return value === null ? [] : [{ t: Date.parse(point.time), v: value }];
  });
}

/** The top of the y axis: covers every value and maxCapacity, rounded up to a readable step. */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(1, ...values);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

/** SVG path through the points in a w×h box for the given domains. */
export function linePath(points: readonly Point2[], t0: number, t1: number, vMax: number, w: number, h: number): string {
  if (points.length === 0) return '';
  const x = (t: number) => (t1 === t0 ? w : ((t - t0) / (t1 - t0)) * w);
  const y = (v: number) => h - (vMax === 0 ? 0 : (v / vMax) * h);
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
}

/** Sparkline of total capacity (running + starting + requested) over the points. */
export function totalCapacity(point: CapacityHistoryPoint): number {
  return point.runningCapacity + point.pendingCapacity + point.requestedCapacity;
}

/** The most recent point, or undefined. */
export function latest(points: readonly CapacityHistoryPoint[]): CapacityHistoryPoint | undefined {
  let best: CapacityHistoryPoint | undefined;
  for (const point of points) if (!best || point.time > best.time) best = point;
  return best;
}

/**
 * A point made from a capacity summary the console polled itself: the overview's sparkline
 * falls back to these while the API records no history for a worker type.
 */
export function sampleFromSummary(
  summary: { minCapacity: number; maxCapacity: number; runningCapacity: number; pendingCapacity: number; requestedCapacity: number },
  time: Date,
): CapacityHistoryPoint {
  return {
    time: time.toISOString(),
    pendingTasks: null,
    runningCapacity: summary.runningCapacity,
    pendingCapacity: summary.pendingCapacity,
    requestedCapacity: summary.requestedCapacity,
    minCapacity: summary.minCapacity,
    maxCapacity: summary.maxCapacity,
    launches: 0,
    terminations: 0,
    spotCostPerHour: 0,
    unmetCapacity: 0,
  };
}

/** Appends a sample and drops those older than the window. */
export function appendSample(samples: readonly CapacityHistoryPoint[], sample: CapacityHistoryPoint, windowMs: number): CapacityHistoryPoint[] {
  const oldest = Date.parse(sample.time) - windowMs;
  return [...samples.filter((s) => Date.parse(s.time) >= oldest), sample];
}
