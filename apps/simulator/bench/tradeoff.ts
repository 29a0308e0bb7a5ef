/**
 * Wait against cost in both directions on each bundled trace: holding back (classic with a
 * scaling ratio: launch for the pending tasks beyond that share of running capacity) and
 * launching ahead (lookahead's growth weights):
 * `pnpm exec tsx apps/simulator/bench/tradeoff.ts [out.html]` prints one JSON line per run
 * and writes the scatter plot (default .local/sim/tradeoff.html).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LOOKAHEAD_SETTINGS, lookaheadPolicyWith } from '@spot-provisioner/bidding';
import { TRACE_KINDS } from '../src/generate';
import { tradeoffPlotHtml, type TradeoffPoint } from '../src/plot';
import { runNamed } from '../src/run';

/** Growth weights swept: 0 is classic's launches with drain only; larger buys wait with money. */
const GROWTH_WEIGHTS = [0.5, 1, 2, 4];
/** Hold-back settings: a share of running capacity expected to free up before a new instance boots. */
const HOLD_BACK_RATIOS = [0.05, 0.15];

async function main(out: string): Promise<void> {
  const traces: Record<string, TradeoffPoint[]> = {};
  for (const trace of TRACE_KINDS) {
    const points: TradeoffPoint[] = [];
    const record = (label: string, summary: Record<string, unknown>) => {
      points.push({ label, p95WaitS: Number(summary.waitP95S), costUsd: Number(summary.costUsd) });
      console.log(JSON.stringify({ trace, setting: label, p95WaitS: summary.waitP95S, costUsd: summary.costUsd, idleFraction: summary.idleFraction }));
    };
    record('classic', (await runNamed({ trace, policy: 'classic' })).summary);
    for (const scalingRatio of HOLD_BACK_RATIOS) {
      record(`hold back ${scalingRatio}`, (await runNamed({ trace, policy: 'classic', scalingRatio })).summary);
    }
    for (const growthWeight of GROWTH_WEIGHTS) {
      const variant = lookaheadPolicyWith({ ...DEFAULT_LOOKAHEAD_SETTINGS, growthWeight });
      record(`lookahead ×${growthWeight}`, (await runNamed({ trace, policy: 'lookahead', variant })).summary);
    }
    traces[trace] = points;
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, tradeoffPlotHtml('p95 wait against cost: classic, holding back (scaling ratio) and launching ahead (lookahead growth weight)', traces));
}

main(process.argv[2] ?? '.local/sim/tradeoff.html').catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
