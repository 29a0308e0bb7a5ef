/**
 * Learned placement against price-only placement, both hearing EC2's two-minute warnings
 * through the daemon's real interruption intake, on the bundled days with interruption rates
 * that differ between pools (UNEVEN_INTERRUPTIONS in src/scenario.ts). Medians over five
 * simulator seeds: one {"bench":"sim-interruptions",…} line per trace and placement, then one
 * per trace with the change and the targets (at least 50% fewer task-runs lost to
 * interruptions, at most 3% more cost).
 */
import { TRACE_KINDS } from '../src/generate';
import { runNamed } from '../src/run';
import { UNEVEN_INTERRUPTIONS } from '../src/scenario';
import { BENCH_SEEDS, median } from '../src/seeds';

type Print = (result: Record<string, unknown>) => void;

/** The sim bench's seeds: a median that one unlucky day of draws cannot move. */
const INTERRUPTION_BENCH_SEEDS = BENCH_SEEDS;
export const TARGET_REQUEUED_REDUCTION = 0.5;
export const TARGET_COST_CHANGE = 0.03;
const PLACEMENTS = ['price-only', 'learned'] as const;
const FIGURES = ['tasksRequeued', 'costUsd', 'p95WaitS', 'interruptions', 'warnings', 'launches'] as const;

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

export async function run(print: Print): Promise<void> {
  for (const trace of TRACE_KINDS) {
    const medians: Record<string, Record<string, number>> = {};
    for (const placement of PLACEMENTS) {
      const runs: Record<string, unknown>[] = [];
      for (const seed of INTERRUPTION_BENCH_SEEDS) {
        const { summary } = await runNamed({ trace, seed, options: { interruptions: UNEVEN_INTERRUPTIONS, interruptionHandling: placement } });
        runs.push(summary);
      }
      const figures = Object.fromEntries(FIGURES.map((f) => [f, round(median(runs.map((r) => Number(r[f === 'p95WaitS' ? 'waitP95S' : f]))))]));
      medians[placement] = figures;
      print({ bench: 'sim-interruptions', trace, placement, seeds: INTERRUPTION_BENCH_SEEDS.length, ...figures });
    }
    const before = medians['price-only'] as Record<string, number>;
    const after = medians.learned as Record<string, number>;
    const requeuedReduction = before.tasksRequeued ? round(1 - (after.tasksRequeued as number) / (before.tasksRequeued as number), 3) : 0;
    const costChange = round((after.costUsd as number) / (before.costUsd as number) - 1, 4);
    print({
      bench: 'sim-interruptions',
      trace,
      compare: 'learned vs price-only',
      requeuedReduction,
      costChange,
      p95WaitChange: before.p95WaitS ? round((after.p95WaitS as number) / (before.p95WaitS as number) - 1, 3) : 0,
      target: { requeuedReductionAtLeast: TARGET_REQUEUED_REDUCTION, costChangeAtMost: TARGET_COST_CHANGE },
      met: requeuedReduction >= TARGET_REQUEUED_REDUCTION && costChange <= TARGET_COST_CHANGE,
    });
  }
}
