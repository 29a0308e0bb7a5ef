/**
 * Self-contained HTML charts (inline SVG, no scripts, no network): a run's queue length,
 * capacity and cost over time, and a wait-against-cost scatter of several runs.
 */
import type { Sample } from './simulation';

const WIDTH = 960;
const HEIGHT = 220;
const MARGIN = { left: 64, right: 16, top: 28, bottom: 28 };

interface Series {
  label: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  return (steps.find((s) => s * magnitude >= value) ?? 10) * magnitude;
}

function lineChart(title: string, xLabel: (x: number) => string, series: readonly Series[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, 1);
  const yMax = niceMax(Math.max(...ys, 0));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${sy(f * yMax)}" y2="${sy(f * yMax)}" stroke="#ddd"/>` +
      `<text x="${MARGIN.left - 6}" y="${sy(f * yMax) + 4}" text-anchor="end">${Number((f * yMax).toPrecision(3))}</text>`)
    .join('');
  const ticks = Array.from({ length: 7 }, (_, i) => xMin + ((xMax - xMin) * i) / 6)
    .map((x) => `<text x="${sx(x)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(xLabel(x))}</text>`)
    .join('');
  const lines = series
    .map((s) => `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`)
    .join('');
  const legend = series
    .map((s, i) => `<rect x="${MARGIN.left + 260 + i * 170}" y="10" width="12" height="4" fill="${s.color}"/><text x="${MARGIN.left + 276 + i * 170}" y="16">${escapeHtml(s.label)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="11">` +
    `<text x="${MARGIN.left}" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>${legend}${grid}${ticks}${lines}</svg>`;
}

const clockTime = (seconds: number): string => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:sans-serif;margin:24px;color:#222}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}</style></head>` +
    `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}

/** A run's page: one summary block and three charts over simulated time. */
export function runPlotHtml(title: string, summary: Record<string, unknown>, samples: readonly Sample[]): string {
  const at = (pick: (s: Sample) => number) => samples.map((s) => [s.t, pick(s)] as const);
  return page(
    title,
    `<pre>${escapeHtml(JSON.stringify(summary, null, 1))}</pre>` +
      lineChart('Queued tasks', clockTime, [{ label: 'pending tasks', color: '#d62728', points: at((s) => s.queued) }]) +
      lineChart('Capacity (units)', clockTime, [
        { label: 'running', color: '#1f77b4', points: at((s) => s.running) },
        { label: 'booting', color: '#ff7f0e', points: at((s) => s.pending) },
      ]) +
      lineChart('Cost so far (USD)', clockTime, [{ label: 'cost', color: '#2ca02c', points: at((s) => s.costUsd) }]),
  );
}

export interface TradeoffPoint {
  label: string;
  p95WaitS: number;
  costUsd: number;
}

/** Wait against cost, one dot per policy setting, per trace. */
export function tradeoffPlotHtml(title: string, traces: Readonly<Record<string, readonly TradeoffPoint[]>>): string {
  const charts = Object.entries(traces).map(([trace, points]) => {
    // zoomed on the points: the differences are a few percent of cost
    const costs = points.map((p) => p.costUsd);
    const xMin = Math.min(...costs) * 0.97;
    const xMax = Math.max(...costs) * 1.03;
    const yMax = niceMax(Math.max(...points.map((p) => p.p95WaitS)) * 1.1);
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = 320 - MARGIN.top - MARGIN.bottom;
    const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
    const sy = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;
    // settings close in both figures overlap: each dot carries its number, the table below names it
    const color = (p: TradeoffPoint) => (p.label.startsWith('classic') ? '#d62728' : '#1f77b4');
    const dots = points
      .map((p, i) => `<circle cx="${sx(p.costUsd)}" cy="${sy(p.p95WaitS)}" r="4" fill="${color(p)}"/>` +
        `<text x="${sx(p.costUsd) + 5}" y="${sy(p.p95WaitS) - 5 - (i % 3) * 11}" fill="${color(p)}">${i + 1}</text>`)
      .join('');
    const rows = points
      .map((p, i) => `<tr style="color:${color(p)}"><td>${i + 1}</td><td>${escapeHtml(p.label)}</td><td>${p.p95WaitS} s</td><td>$${p.costUsd.toFixed(2)}</td></tr>`)
      .join('');
    const axes = [0, 0.5, 1]
      .map((f) => `<text x="${MARGIN.left - 6}" y="${sy(f * yMax) + 4}" text-anchor="end">${f * yMax}s</text>` +
        `<text x="${sx(xMin + f * (xMax - xMin))}" y="${320 - 8}" text-anchor="middle">$${(xMin + f * (xMax - xMin)).toFixed(2)}</text>`)
      .join('');
    return `<h2>${escapeHtml(trace)}</h2><svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="320" font-family="sans-serif" font-size="11">` +
      `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>${axes}${dots}` +
      `<text x="${MARGIN.left + 4}" y="${MARGIN.top - 8}">p95 wait (s) against cost (USD); lower left is better</text></svg>` +
      `<table><tr><th>#</th><th>setting</th><th>p95 wait</th><th>cost</th></tr>${rows}</table>`;
  });
  return page(title, charts.join(''));
}
