/**
 * One setting over several simulator seeds: the medians of its figures and their spread, so a
 * comparison reads the policy and not one seed's luck. With common random numbers
 * (world-draws.ts) two settings on the same seed see the same boots, interruptions and claim
 * draws, so their per-seed ratio is the sharpest comparison; it is reported too.
 */
import { runNamed, type NamedRun } from './run';

/** Seeds of a benchmark line: five, enough for a median that one unlucky seed does not move. */
export const BENCH_SEEDS = [1, 2, 3, 4, 5] as const;

export interface SeedFigures {
  seed: number;
  p95WaitS: number;
  costUsd: number;
  idleFraction: number;
  drains: number;
  tasksKilledByDrain: number;
  wallMs: number;
}

export interface SeedSummary {
  p95WaitS: number;
  costUsd: number;
  idleFraction: number;
  drains: number;
  /** The most on any seed: must be 0. */
  tasksKilledByDrain: number;
  /** [min, max] over the seeds. */
  spread: { p95WaitS: [number, number]; costUsd: [number, number] };
  perSeed: SeedFigures[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export async function runSeeds(run: Omit<NamedRun, 'seed'>, seeds: readonly number[] = BENCH_SEEDS): Promise<SeedSummary> {
  const perSeed: SeedFigures[] = [];
  for (const seed of seeds) {
    const { summary } = await runNamed({ ...run, seed });
    perSeed.push({
      seed,
      p95WaitS: Number(summary.waitP95S),
      costUsd: Number(summary.costUsd),
      idleFraction: Number(summary.idleFraction),
      drains: Number(summary.drains),
      tasksKilledByDrain: Number(summary.tasksKilledByDrain),
      wallMs: Number(summary.wallMs),
    });
  }
  return summarizeSeeds(perSeed);
}

export function summarizeSeeds(perSeed: SeedFigures[]): SeedSummary {
  const pick = (key: keyof SeedFigures) => perSeed.map((s) => s[key]);
  const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
  return {
    p95WaitS: round(median(pick('p95WaitS')), 1),
    costUsd: round(median(pick('costUsd')), 4),
    idleFraction: round(median(pick('idleFraction')), 4),
    drains: median(pick('drains')),
    tasksKilledByDrain: Math.max(0, ...pick('tasksKilledByDrain')),
    spread: { p95WaitS: range(pick('p95WaitS')), costUsd: range(pick('costUsd')) },
    perSeed,
  };
}

/** The median over seeds of `setting ÷ base` per seed (same seed, same world), as a ratio rounded to 3 places. */
export function pairedRatio(setting: SeedSummary, base: SeedSummary, key: 'p95WaitS' | 'costUsd'): number {
  const ratios = setting.perSeed.map((s) => {
    const b = base.perSeed.find((x) => x.seed === s.seed);
    const denominator = b ? b[key] : 0;
    return denominator === 0 ? (s[key] === 0 ? 1 : Number.POSITIVE_INFINITY) : s[key] / denominator;
  });
  return round(median(ratios), 3);
}
