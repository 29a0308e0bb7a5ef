/**
 * Robustness on days the policy was not tuned on: fresh traces of each kind from other seeds
 * (and a double-size burst mix), classic against lookahead, one JSON line per pair.
 * `pnpm exec tsx apps/simulator/bench/seeds.ts [seeds…]`
 */
import { TRACE_KINDS } from '../src/generate';
import { runNamed } from '../src/run';

async function main(seeds: number[]): Promise<void> {
  for (const kind of TRACE_KINDS) {
    for (const seed of seeds) {
      const trace = `${kind}:${seed}`;
      const [classic, lookahead] = [
        (await runNamed({ trace, policy: 'classic', seed })).summary,
        (await runNamed({ trace, policy: 'lookahead', seed })).summary,
      ];
      const change = (key: string) => {
        const before = Number(classic[key]);
        const after = Number(lookahead[key]);
        return before === 0 ? (after === 0 ? 0 : null) : Number(((after - before) / before).toFixed(3));
      };
      console.log(
        JSON.stringify({
          trace,
          tasks: classic.tasks,
          classic: { p95WaitS: classic.waitP95S, costUsd: classic.costUsd },
          lookahead: { p95WaitS: lookahead.waitP95S, costUsd: lookahead.costUsd },
          p95Change: change('waitP95S'),
          costChange: change('costUsd'),
        }),
      );
    }
  }
}

main(process.argv.slice(2).map(Number).filter((n) => n > 0).length ? process.argv.slice(2).map(Number) : [2, 3, 4]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
