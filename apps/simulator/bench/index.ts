/**
 * Simulated days of each bundled trace under `classic` and the best setting (classic's
 * launches with scale-down on, its default settings), each the median over BENCH_SEEDS
 * simulator seeds with the spread and the per-seed ratios to classic (same seed, same world):
 * {"bench":"sim","trace","policy","p95WaitS","costUsd","idleFraction","drains","tasksKilledByDrain",
 *  "spread":{…},"vsClassic":{…},"seeds","wallMs"} per trace × setting.
 */
import { run as runInterruptions } from './interruptions';
import { TRACE_KINDS } from '../src/generate';
import type { NamedRun } from '../src/run';
import { BENCH_SEEDS, pairedRatio, runSeeds, type SeedSummary } from '../src/seeds';

/** What this project recommends over classic (README.md, "Scale-down"). */
export const BEST: { label: string; run: Omit<NamedRun, 'trace' | 'seed'> } = { label: 'classic + scale-down', run: { policy: 'classic', scaleDown: 'on' } };
const CLASSIC: { label: string; run: Omit<NamedRun, 'trace' | 'seed'> } = { label: 'classic', run: { policy: 'classic', scaleDown: 'off' } };

type Print = (result: Record<string, unknown>) => void;

export async function run(print: Print): Promise<void> {
  for (const trace of TRACE_KINDS) {
    let classic: SeedSummary | undefined;
    for (const setting of [CLASSIC, BEST]) {
      const started = Date.now();
      const summary = await runSeeds({ trace, ...setting.run });
      classic ??= summary;
      print({
        bench: 'sim',
        trace,
        policy: setting.label,
        p95WaitS: summary.p95WaitS,
        costUsd: summary.costUsd,
        idleFraction: summary.idleFraction,
        drains: summary.drains,
        tasksKilledByDrain: summary.tasksKilledByDrain,
        spread: summary.spread,
        // per-seed ratios to classic on the same world (common random numbers), their median
        vsClassic: { p95WaitS: pairedRatio(summary, classic, 'p95WaitS'), costUsd: pairedRatio(summary, classic, 'costUsd') },
        seeds: BENCH_SEEDS.length,
        wallMs: Date.now() - started,
      });
    }
  }
  await runInterruptions(print);
}
