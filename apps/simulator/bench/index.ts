/**
 * Simulated days of each bundled trace under `classic` and the best setting, side by side, each
 * the median over BENCH_SEEDS simulator seeds with the spread:
 * {"bench":"sim","trace","policy","p95WaitS","costUsd","idleFraction","drains","tasksKilledByDrain",
 *  "spread":{…},"vsClassic":{…},"seeds","wallMs"} per trace × setting.
 */
import { TRACE_KINDS } from '../src/generate';
import { BENCH_SEEDS, pairedRatio, runSeeds, type SeedSummary } from '../src/seeds';

/** The policy this project recommends over classic (see README.md, "Policies"). */
export const BEST_POLICY = 'lookahead';

type Print = (result: Record<string, unknown>) => void;

export async function run(print: Print): Promise<void> {
  for (const trace of TRACE_KINDS) {
    let classic: SeedSummary | undefined;
    for (const policy of ['classic', BEST_POLICY]) {
      const started = Date.now();
      const summary = await runSeeds({ trace, policy });
      classic ??= summary;
      print({
        bench: 'sim',
        trace,
        policy,
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
}
