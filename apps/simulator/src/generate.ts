/**
 * Seeded trace generator. The parameters describe a mid-sized CI (a few thousand tasks a day
 * over three worker types); where they come from is in README.md ("Trace parameters").
 */
import { createRng, type Rng } from './random';
import type { TraceTask } from './trace';

export const TRACE_KINDS = ['steady', 'diurnal', 'bursty'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

export interface TaskMix {
  workerType: string;
  /** Share of all tasks. */
  share: number;
  /** Lognormal task duration. */
  medianS: number;
  sigma: number;
}

/** Tests dominate CI task counts; builds are fewer and longer; Windows builds the longest. */
export const DEFAULT_MIX: readonly TaskMix[] = [
  { workerType: 'test-linux', share: 0.6, medianS: 6 * 60, sigma: 0.8 },
  { workerType: 'build-linux', share: 0.3, medianS: 15 * 60, sigma: 0.6 },
  { workerType: 'build-win', share: 0.1, medianS: 25 * 60, sigma: 0.5 },
];
/** No CI task runs longer than this (Taskcluster's usual maxRunTime). */
export const MAX_TASK_S = 4 * 3600;

export interface GeneratorOptions {
  kind: TraceKind;
  seed: number;
  days?: number;
  mix?: readonly TaskMix[];
  /** Multiplies every arrival rate and burst size (1 = the documented figures). */
  scale?: number;
}

/** Steady: tasks per hour, all day. */
const STEADY_PER_HOUR = 300;
/** Diurnal: a night floor and a working-day peak (UTC 07:00–19:00, highest at 13:00). */
const DIURNAL_FLOOR_PER_HOUR = 40;
const DIURNAL_PEAK_PER_HOUR = 760;
/** Bursty: pushes per hour by day (07–20 UTC) and by night, tasks per push, and how fast a push fans out. */
const PUSHES_PER_HOUR_DAY = 1.5;
const PUSHES_PER_HOUR_NIGHT = 0.3;
const PUSH_MEDIAN_TASKS = 120;
const PUSH_SIGMA = 0.7;
const PUSH_MIN_TASKS = 10;
const PUSH_MAX_TASKS = 800;
const PUSH_FANOUT_S = 90;

export function diurnalRatePerHour(tSeconds: number): number {
  const hour = (tSeconds / 3600) % 24;
  const day = hour >= 7 && hour <= 19 ? Math.sin((Math.PI * (hour - 7)) / 12) ** 2 : 0;
  return DIURNAL_FLOOR_PER_HOUR + DIURNAL_PEAK_PER_HOUR * day;
}

export function generateTrace(options: GeneratorOptions): TraceTask[] {
  const rng = createRng(options.seed);
  const mix = options.mix ?? DEFAULT_MIX;
  const scale = options.scale ?? 1;
  const endS = (options.days ?? 1) * 86_400;
  const tasks: TraceTask[] = [];
  const task = (t: number): TraceTask => {
    const kind = pick(rng, mix);
    const durationS = Math.min(MAX_TASK_S, Math.max(10, Math.round(rng.lognormal(kind.medianS, kind.sigma))));
    return { t: Math.round(t), workerType: kind.workerType, durationS };
  };
  if (options.kind === 'bursty') {
    // pushes: a Poisson process by thinning (day and night rates)
    const maxRate = PUSHES_PER_HOUR_DAY * scale;
    for (let t = rng.exponential(3600 / maxRate); t < endS; t += rng.exponential(3600 / maxRate)) {
      const hour = (t / 3600) % 24;
      const rate = (hour >= 7 && hour < 20 ? PUSHES_PER_HOUR_DAY : PUSHES_PER_HOUR_NIGHT) * scale;
      if (rng.next() * maxRate >= rate) continue;
      const size = Math.round(Math.min(PUSH_MAX_TASKS, Math.max(PUSH_MIN_TASKS, rng.lognormal(PUSH_MEDIAN_TASKS * scale, PUSH_SIGMA))));
      for (let i = 0; i < size; i++) tasks.push(task(Math.min(endS - 1, t + rng.next() * PUSH_FANOUT_S)));
    }
  } else {
    // a non-homogeneous Poisson process by thinning against the highest rate
    const rate = (t: number) => (options.kind === 'steady' ? STEADY_PER_HOUR : diurnalRatePerHour(t)) * scale;
    const maxRate = (options.kind === 'steady' ? STEADY_PER_HOUR : DIURNAL_FLOOR_PER_HOUR + DIURNAL_PEAK_PER_HOUR) * scale;
    for (let t = rng.exponential(3600 / maxRate); t < endS; t += rng.exponential(3600 / maxRate)) {
      if (rng.next() * maxRate < rate(t)) tasks.push(task(t));
    }
  }
  return tasks.sort((a, b) => a.t - b.t);
}

function pick(rng: Rng, mix: readonly TaskMix[]): TaskMix {
  const total = mix.reduce((sum, m) => sum + m.share, 0);
  let draw = rng.next() * total;
  for (const m of mix) {
    draw -= m.share;
    if (draw < 0) return m;
  }
  return mix[mix.length - 1] as TaskMix;
}
