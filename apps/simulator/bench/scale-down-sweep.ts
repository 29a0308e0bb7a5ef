/**
 * Wait against cost on each trace: classic's own sweep (its scaling ratio: launching for fewer
 * of the pending tasks) beside scale-down's (minIdleSeconds × launch-ahead weight, and the
 * defaults with classic's scaling ratios), each point the median over the seeds, with the
 * per-seed ratios to classic (same seed, same world). Prints one JSON line per trace × setting,
 * whether scale-down's frontier dominates classic's, and writes the plot (HTML, inline SVG) per
 * trace into --out.
 *
 *   pnpm exec tsx apps/simulator/bench/scale-down-sweep.ts [--traces steady,diurnal,bursty]
 *       [--seeds 1,2,3,4,5] [--parallel 2] [--settings file.json] [--out .local/sim/scale-down]
 *       [--cache .local/sim/sweep-cache.jsonl]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TRACE_KINDS } from '../src/generate';
import { tradeoffPlotHtml, type TradeoffPoint } from '../src/plot';
import { median } from '../src/seeds';
import { runJobs, type Job, type Setting, type Summary } from './jobs';

/** Classic's own trade-off: launch for all pending tasks, or leave a share of running capacity's worth queued. */
const CLASSIC_SETTINGS: Setting[] = [
  { label: 'classic', scaleDown: 'off' },
  { label: 'classic, hold back 0.05', scaleDown: 'off', scalingRatio: 0.05 },
  { label: 'classic, hold back 0.15', scaleDown: 'off', scalingRatio: 0.15 },
];
const MIN_IDLE_SECONDS = [30, 60, 120];
/** Multiples of the arrivals until the next iteration launched ahead (1 is the default). */
const LAUNCH_AHEAD_WEIGHTS = [0, 1, 2];
/** The defaults, also leaving classic's share of tasks queued: scale-down's own end of that trade. */
const SCALING_RATIOS = [0.05, 0.15, 0.2];

function scaleDownGrid(): Setting[] {
  const grid = MIN_IDLE_SECONDS.flatMap((minIdleSeconds) =>
    LAUNCH_AHEAD_WEIGHTS.map((launchAheadWeight) => ({
      label: `scale-down ${minIdleSeconds}s, launch-ahead ×${launchAheadWeight}`,
      scaleDown: 'on' as const,
      minIdleSeconds,
      keepWarm: { launchAheadWeight },
    })),
  );
  const holdBack = SCALING_RATIOS.map((scalingRatio) => ({ label: `scale-down, hold back ${scalingRatio}`, scaleDown: 'on' as const, scalingRatio }));
  return [...grid, ...holdBack];
}

interface Point extends TradeoffPoint {
  p95Ratio: number;
  costRatio: number;
  tasksKilledByDrain: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      traces: { type: 'string' },
      seeds: { type: 'string' },
      parallel: { type: 'string' },
      settings: { type: 'string' },
      out: { type: 'string' },
      cache: { type: 'string' },
    },
  });
  const traces = values.traces ? values.traces.split(',') : [...TRACE_KINDS];
  const seeds = values.seeds ? values.seeds.split(',').map(Number) : [1, 2, 3, 4, 5];
  const settings: Setting[] = [...CLASSIC_SETTINGS, ...(values.settings ? (JSON.parse(readFileSync(values.settings, 'utf8')) as Setting[]) : scaleDownGrid())];
  const out = values.out ?? '.local/sim/scale-down';
  const jobs: Job[] = traces.flatMap((trace) => settings.flatMap((setting) => seeds.map((seed) => ({ trace, seed, setting }))));
  const summaries = await runJobs(jobs, {
    parallel: Number(values.parallel ?? 2),
    cacheFile: values.cache ?? '.local/sim/sweep-cache.jsonl',
    log: (line) => console.error(line),
  });
  const byJob = new Map(jobs.map((job, i) => [job, summaries[i] as Summary]));
  mkdirSync(out, { recursive: true });

  for (const trace of traces) {
    const figures = (setting: Setting) => seeds.map((seed) => byJob.get(jobs.find((j) => j.trace === trace && j.seed === seed && j.setting === setting)!)!);
    const classic = figures(CLASSIC_SETTINGS[0]!);
    const points: Point[] = settings.map((setting) => {
      const runs = figures(setting);
      const ratio = (key: string) => median(runs.map((r, i) => Number(r[key]) / Number(classic[i]![key])));
      return {
        label: setting.label,
        p95WaitS: median(runs.map((r) => Number(r.waitP95S))),
        costUsd: Number(median(runs.map((r) => Number(r.costUsd))).toFixed(2)),
        p95Ratio: Number(ratio('waitP95S').toFixed(3)),
        costRatio: Number(ratio('costUsd').toFixed(3)),
        tasksKilledByDrain: Math.max(...runs.map((r) => Number(r.tasksKilledByDrain ?? 0))),
      };
    });
    for (const point of points) console.log(JSON.stringify({ sweep: 'scale-down', trace, seeds: seeds.length, ...point }));
    const classicPoints = points.filter((p) => p.label.startsWith('classic'));
    const scaleDownPoints = points.filter((p) => !p.label.startsWith('classic'));
    // dominated: some scale-down point is at least as good on both figures (by the per-seed ratios), better on one
    const dominated = classicPoints.map((c) => ({
      classic: c.label,
      by: scaleDownPoints.find((s) => s.p95Ratio <= c.p95Ratio && s.costRatio <= c.costRatio && (s.p95Ratio < c.p95Ratio || s.costRatio < c.costRatio))?.label ?? null,
    }));
    console.log(JSON.stringify({ sweep: 'scale-down', trace, frontierDominates: dominated.every((d) => d.by !== null), dominated }));
    const file = path.join(out, `${trace.replace(/[^a-z0-9:-]/gi, '_')}.html`);
    writeFileSync(file, tradeoffPlotHtml(`${trace}: p95 wait against cost, classic's scaling-ratio sweep (red) and scale-down's (blue), medians over ${seeds.length} seeds`, { [trace]: points }));
    console.error(`plot: ${file}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
