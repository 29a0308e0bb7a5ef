/**
 * `pnpm sim --trace <name|kind:seed|file> --policy <name> [--prices file] [--worker-types dir]
 *  [--days n] [--seed n] [--claim-order o] [--plot out.html]`: one JSON summary line on stdout.
 * `pnpm sim --generate <kind> [--seed n] [--days n]`: writes a trace to stdout.
 * Exit codes: 0 done, 2 bad arguments, 1 the run failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDemandPolicyName } from '@spot-provisioner/bidding';
import { DEMAND_POLICY_NAMES } from '@spot-provisioner/model';
import { CLAIM_ORDERS, type ClaimOrder } from './fleet';
import { formatTrace, TraceError } from './trace';
import { generateTrace, TRACE_KINDS, type TraceKind } from './generate';
import { UNEVEN_INTERRUPTIONS, type ScenarioOptions } from './scenario';

const PLACEMENTS = ['price-only', 'learned'] as const;
const INTERRUPTION_SCENARIOS = ['default', 'uneven'] as const;

const USAGE = `usage: pnpm sim --trace <${TRACE_KINDS.join('|')}|kind:seed|file> [--policy <${DEMAND_POLICY_NAMES.join('|')}>]
                [--scale-down on|off] [--prices file] [--worker-types dir] [--days n] [--seed n]
                [--claim-order <${CLAIM_ORDERS.join('|')}>] [--plot out.html]
                [--interruptions <${INTERRUPTION_SCENARIOS.join('|')}>] [--placement <${PLACEMENTS.join('|')}>]
       pnpm sim --generate <${TRACE_KINDS.join('|')}> [--seed n] [--days n]`;

class UsageError extends Error {}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return value;
}

/** Days simulated or generated: any positive length (0.25 replays the first six hours of a trace). */
function positiveDays(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || text.trim() === '') throw new UsageError(`--days must be a number of days > 0, got ${JSON.stringify(text)}`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        trace: { type: 'string' },
        policy: { type: 'string' },
        'scale-down': { type: 'string' },
        prices: { type: 'string' },
        'worker-types': { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        'claim-order': { type: 'string' },
        interruptions: { type: 'string' },
        placement: { type: 'string' },
        plot: { type: 'string' },
        generate: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const days = positiveDays(values.days);
  const seed = positiveInt('seed', values.seed, 1);
  if (values.generate !== undefined) {
    if (!(TRACE_KINDS as readonly string[]).includes(values.generate)) throw new UsageError(`--generate takes one of ${TRACE_KINDS.join(', ')}`);
    process.stdout.write(formatTrace(generateTrace({ kind: values.generate as TraceKind, seed, days })));
    return 0;
  }
  if (values.trace === undefined) throw new UsageError('--trace is required');
  if (values.policy !== undefined && !isDemandPolicyName(values.policy)) {
    throw new UsageError(`unknown policy ${JSON.stringify(values.policy)}; allowed: ${DEMAND_POLICY_NAMES.join(', ')}`);
  }
  const scaleDown = values['scale-down'];
  if (scaleDown !== undefined && scaleDown !== 'on' && scaleDown !== 'off') throw new UsageError(`--scale-down takes on or off, got ${JSON.stringify(scaleDown)}`);
  const claimOrder = values['claim-order'];
  if (claimOrder !== undefined && !(CLAIM_ORDERS as readonly string[]).includes(claimOrder)) {
    throw new UsageError(`--claim-order takes one of ${CLAIM_ORDERS.join(', ')}, got ${JSON.stringify(claimOrder)}`);
  }
  const options: Partial<ScenarioOptions> = {};
  if (claimOrder !== undefined) options.claimOrder = claimOrder as ClaimOrder;
  if (values.interruptions !== undefined) {
    if (!(INTERRUPTION_SCENARIOS as readonly string[]).includes(values.interruptions)) {
      throw new UsageError(`--interruptions takes one of ${INTERRUPTION_SCENARIOS.join(', ')}, got ${JSON.stringify(values.interruptions)}`);
    }
    if (values.interruptions === 'uneven') options.interruptions = UNEVEN_INTERRUPTIONS;
  }
  if (values.placement !== undefined) {
    if (!(PLACEMENTS as readonly string[]).includes(values.placement)) {
      throw new UsageError(`--placement takes one of ${PLACEMENTS.join(', ')}, got ${JSON.stringify(values.placement)}`);
    }
    options.interruptionHandling = values.placement as (typeof PLACEMENTS)[number];
  }
  // loaded only for a run: the daemon's code it drives takes most of a start, which a refusal need not pay
  const { runNamed } = await import('./run.js');
  const result = await runNamed({
    trace: values.trace,
    days,
    seed,
    ...(values.policy === undefined ? {} : { policy: values.policy }),
    ...(scaleDown === undefined ? {} : { scaleDown }),
    ...(values.prices === undefined ? {} : { pricesFile: values.prices }),
    ...(values['worker-types'] === undefined ? {} : { workerTypesDir: values['worker-types'] }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  });
  if (values.plot !== undefined) {
    mkdirSync(path.dirname(path.resolve(values.plot)), { recursive: true });
    const { runPlotHtml } = await import('./plot.js');
    const setting = `${values.policy ?? 'policy of each definition'}${scaleDown === undefined ? '' : ` · scale-down ${scaleDown}`}`;
    writeFileSync(values.plot, runPlotHtml(`${values.trace} · ${setting}`, result.summary, result.samples));
  }
  process.stdout.write(`${JSON.stringify(result.summary)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof TraceError) {
      console.error(`sim: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`sim: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
