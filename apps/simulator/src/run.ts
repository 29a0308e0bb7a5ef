/** A run from names: which trace, policy, prices and worker types. Shared by the CLI and the benchmark. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DemandPolicy, KeepWarmSettings } from '@spot-provisioner/bidding';
import type { PriceScenario } from '@spot-provisioner/provisioner';
import { generateTrace, TRACE_KINDS, type TraceKind } from './generate';
import { PriceBook } from './prices';
import { DEFAULT_SHORTAGES, type ScenarioOptions } from './scenario';
import { runSimulation, type RunResult } from './simulation';
import { parseTrace, TraceError, type TraceTask } from './trace';
import { BUNDLED_WORKER_TYPES_DIR, loadWorkerTypes } from './worker-types';

export const BUNDLED_TRACES_DIR = path.join(__dirname, '..', 'traces');
/** The repository's recorded price history (data/ at its root, shared with the tests and benchmarks). */
export const DEFAULT_PRICES_FILE = path.join(__dirname, '..', '..', '..', 'data', 'spot-prices', 'five-regions.json');
const DAY_S = 86_400;

/**
 * `steady` | `diurnal` | `bursty`: the bundled day; `bursty:7` (kind:seed): a fresh day from
 * the generator; anything else: a trace file.
 */
export function loadTrace(spec: string, days = 1): TraceTask[] {
  const [kind, seed] = spec.split(':');
  let day: TraceTask[];
  if ((TRACE_KINDS as readonly string[]).includes(kind ?? '') && seed !== undefined) {
    return generateTrace({ kind: kind as TraceKind, seed: Number(seed), days });
  } else if ((TRACE_KINDS as readonly string[]).includes(spec)) {
    day = parseTrace(readFileSync(path.join(BUNDLED_TRACES_DIR, `${spec}.jsonl`), 'utf8'));
  } else {
    if (!existsSync(spec)) throw new TraceError(`no trace named ${spec} (bundled: ${TRACE_KINDS.join(', ')}; or kind:seed; or a file)`);
    day = parseTrace(readFileSync(spec, 'utf8'));
  }
  // a trace shorter than the run repeats, day after day
  const period = Math.max(DAY_S, Math.ceil(((day[day.length - 1]?.t ?? 0) + 1) / DAY_S) * DAY_S);
  const tasks: TraceTask[] = [];
  for (let offset = 0; offset < days * DAY_S; offset += period) {
    for (const task of day) if (task.t + offset < days * DAY_S) tasks.push({ ...task, t: task.t + offset });
  }
  return tasks;
}

export interface NamedRun {
  trace: string;
  policy?: string;
  pricesFile?: string;
  workerTypesDir?: string;
  days?: number;
  seed?: number;
  options?: Partial<ScenarioOptions>;
  /** Stands in for the policy of the same name (a sweep of settings). */
  variant?: DemandPolicy;
  /** Overrides every worker type's scalingRatio (the hold-back sweep of bench/tradeoff.ts). */
  scalingRatio?: number;
  /** Overrides every worker type's scaleDown: on or off. */
  scaleDown?: 'on' | 'off';
  /** Overrides every worker type's scaleDown.minIdleSeconds (and turns it on). */
  minIdleSeconds?: number;
  /** Overrides fields of every worker type's scaleDown (and turns it on): a sweep's settings. */
  scaleDownFields?: Readonly<Record<string, number>>;
  /** Stands in for the keep-warm forecast's settings. */
  keepWarm?: KeepWarmSettings;
}

export interface NamedResult extends RunResult {
  summary: Record<string, unknown>;
}

export async function runNamed(run: NamedRun): Promise<NamedResult> {
  const started = Date.now();
  const days = run.days ?? 1;
  const seed = run.seed ?? 1;
  const prices = new PriceBook(JSON.parse(readFileSync(run.pricesFile ?? DEFAULT_PRICES_FILE, 'utf8')) as PriceScenario);
  const result = await runSimulation({
    workerTypes: loadWorkerTypes(run.workerTypesDir ?? BUNDLED_WORKER_TYPES_DIR).map((w) => {
      const definition = { ...w.definition };
      if (run.scalingRatio !== undefined) definition.scalingRatio = run.scalingRatio;
      if (run.minIdleSeconds !== undefined) definition.scaleDown = { ...((definition.scaleDown as object | undefined) ?? {}), enabled: true, minIdleSeconds: run.minIdleSeconds };
      if (run.scaleDownFields !== undefined) definition.scaleDown = { ...((definition.scaleDown as object | undefined) ?? {}), ...run.scaleDownFields, enabled: true };
      return { ...w, definition };
    }),
    trace: loadTrace(run.trace, days),
    prices,
    ...(run.policy === undefined ? {} : { policy: run.policy }),
    ...(run.variant === undefined ? {} : { variant: run.variant }),
    ...(run.scaleDown === undefined ? {} : { scaleDown: run.scaleDown }),
    ...(run.keepWarm === undefined ? {} : { keepWarm: run.keepWarm }),
    options: { seed, horizonS: days * DAY_S, shortages: DEFAULT_SHORTAGES, ...run.options },
  });
  const summary = {
    trace: run.trace,
    policy: run.policy ?? 'definition',
    scaleDown: run.scaleDown ?? 'definition',
    seed,
    days,
    ...result.metrics,
    wallMs: Date.now() - started,
  };
  return { ...result, summary };
}
