import type { CapacityHistoryPoint } from '@spot-provisioner/model';
import { formatAxisTime } from '../format';
import { useNarrowScreen } from './hooks';
import { CAPACITY_SERIES, linePath, niceMax, seriesPoints, type ChartWindow } from '../series';

/** Drawing units: a phone gets a narrower box so the labels keep a readable size. */
const WIDE = { w: 760, h: 240, xTicks: 5 };
const NARROW = { w: 360, h: 220, xTicks: 3 };
const PAD = { left: 36, right: 12, top: 12, bottom: 26 };

interface Props {
  readonly points: readonly CapacityHistoryPoint[];
  readonly window: ChartWindow;
  readonly windowMs: number;
  readonly now: Date;
  readonly onWindow: (window: ChartWindow) => void;
}

/** Pending tasks against running / starting / requested capacity, with min and max drawn. */
export function CapacityChart({ points, window, windowMs, now, onWindow }: Props) {
  const { w: W, h: H, xTicks: X_TICKS } = useNarrowScreen() ? NARROW : WIDE;
  const t1 = now.getTime();
  const t0 = t1 - windowMs;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const last = points[points.length - 1];
  const values = points.flatMap((p) => [p.pendingTasks ?? 0, p.runningCapacity, p.pendingCapacity, p.requestedCapacity, p.maxCapacity]);
  const vMax = niceMax(values);
  const y = (v: number) => PAD.top + innerH - (v / vMax) * innerH;
  const bounds = last ? [{ label: `max ${last.maxCapacity}`, v: last.maxCapacity }, { label: `min ${last.minCapacity}`, v: last.minCapacity }] : [];

  return (
    <figure class="chart">
      <div class="chart-head">
        <figcaption>Capacity and pending tasks</figcaption>
        <div class="segmented" role="group" aria-label="Time window">
          {(['hour', 'day', 'week'] as const).map((w) => (
            <button type="button" key={w} aria-pressed={w === window} onClick={() => onWindow(w)}>
              {w === 'hour' ? '1 h' : w === 'day' ? '1 d' : '1 w'}
            </button>
          ))}
        </div>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={chartLabel(last)} data-points={points.length}>
        {[0, vMax / 2, vMax].map((v) => (
          <g key={v} class="grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {Math.round(v * 10) / 10}
            </text>
          </g>
        ))}
        {Array.from({ length: X_TICKS }, (_, i) => t0 + (i * windowMs) / (X_TICKS - 1)).map((t, i) => (
          <text key={t} class="axis" x={PAD.left + ((t - t0) / windowMs) * innerW} y={H - 6} text-anchor={i === 0 ? 'start' : i === X_TICKS - 1 ? 'end' : 'middle'}>
            {formatAxisTime(t, windowMs)}
          </text>
        ))}
        {bounds.map((b) => (
          <g key={b.label} class="bound">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(b.v)} y2={y(b.v)} />
            <text x={W - PAD.right - 4} y={y(b.v) - 4} text-anchor="end">
              {b.label}
            </text>
          </g>
        ))}
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {CAPACITY_SERIES.map((s) => (
            <path key={s.key} class={`line ${s.className}`} d={linePath(seriesPoints(points, s.key), t0, t1, vMax, innerW, innerH)} />
          ))}
        </g>
      </svg>
      {points.length === 0 && <p class="chart-empty muted">No capacity history recorded in this window yet.</p>}
      <ul class="legend">
        {CAPACITY_SERIES.map((s) => (
          <li key={s.key}>
            <span class={`swatch ${s.className}`} aria-hidden="true" />
            {s.label}
            {last ? `: ${last[s.key] ?? '—'}` : ''}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function chartLabel(last: CapacityHistoryPoint | undefined): string {
  if (!last) return 'No capacity history yet';
  return `Latest: ${last.pendingTasks ?? 'unknown'} pending tasks, ${last.runningCapacity} running, ${last.pendingCapacity} starting, ${last.requestedCapacity} requested`;
}
