/**
 * The keep-warm forecast: how much idle capacity to keep for the tasks expected while a
 * replacement instance would boot. Arrivals between two observations are the change of the
 * pending count plus the tasks workers claimed meanwhile (the queue's worker list tells which
 * workers took a new task). The steady rate is the median over the recent spans of `bucketMs`,
 * so a push fanning out for a minute or two is one busy span among quiet ones, not a rate:
 * capacity is kept warm where tasks keep arriving (the idle time between tasks of a busy day),
 * and a fleet is let go at the end of a burst.
 *
 * Launching ahead: a task arriving just after an iteration waits for the next one before anything
 * is launched for it. So while tasks are pending (the warm capacity is all taken), a worker type
 * with scale-down launches, beyond them, the arrivals expected until the next iteration (the gap
 * between the last two observations: the daemon's period as it runs), times `launchAheadWeight`:
 * the decision's lag leaves their waits. No more than that: instances launched for arrivals
 * further ahead only come up earlier than their tasks, and each minute of wait they save is an
 * instance-minute paid, dearest on the slow, costly pools (Windows). Scale-down drains whatever
 * comes up to nothing, and at the end of a burst the steady rate is ~0, so it launches nothing.
 *
 * Two needs, the larger kept:
 * - the arrivals over one boot: round(weight × rate × boot);
 * - the fluctuation of a steady demand: tasks arriving at the steady rate and running as long as
 *   the window's tasks did (Little's law: mean demand ÷ mean arrival rate) keep `level` slots
 *   busy on average, and a level of m busies more than m + z·√m only rarely (Poisson); what that
 *   quantile exceeds the demand of now (busy + pending) is kept idle, so a dip between peaks of a
 *   steady day does not give away the capacity the next peak needs.
 */
import type { DemandObservation } from '../policies/types';

export interface KeepWarmSettings {
  /** Weight of the expected arrivals (1: one unit per task expected over a boot; 0: keep nothing warm). */
  weight: number;
  /** How far back arrivals count. */
  windowMs: number;
  /** Span of one rate sample; the median over the window's spans is the rate. */
  bucketMs: number;
  /** Observed time (with claim counts) needed before the forecast is trusted; before it nothing is drained. */
  minEvidenceMs: number;
  /** Spread of the steady demand kept (standard deviations of a Poisson level): 1.65 covers 95%; 0 keeps only the arrivals over a boot. */
  z: number;
  /**
   * An instance is drained only once idle for this many boots (and minIdleSeconds), so that
   * keeping it costs no more than its replacement's boot would. Off (0) by default: the forecast
   * already keeps warm what the next boot's arrivals need, and a floor of one boot kept slow
   * Windows workers (7-minute boots) idle for 7 of their 10 minutes after every burst.
   */
  idleFloorBoots: number;
  /** Share of the arrivals expected until the next iteration launched beyond the pending tasks while some are pending (0: none). */
  launchAheadWeight: number;
}

/** Two boot times of a slow worker and several pushes' gaps: the rate follows a change of the day within the hour. */
export const KEEP_WARM_WINDOW_MS = 30 * 60_000;
/** Spans of 5 minutes: a push fanning out (90 s) fills at most one or two of six. */
export const KEEP_WARM_BUCKET_MS = 5 * 60_000;
/** Ten minutes of evidence (20 iterations): until then, after a restart, nothing is drained. */
export const KEEP_WARM_MIN_EVIDENCE_MS = 10 * 60_000;

export const DEFAULT_KEEP_WARM_SETTINGS: KeepWarmSettings = {
  weight: 1,
  windowMs: KEEP_WARM_WINDOW_MS,
  bucketMs: KEEP_WARM_BUCKET_MS,
  minEvidenceMs: KEEP_WARM_MIN_EVIDENCE_MS,
  z: 1.65,
  idleFloorBoots: 0,
  // simulator, 5 seeds: steady and diurnal p95 0.94× classic's at 0.99× its cost; a share of a
  // whole boot's arrivals instead (15%) cost more than classic on a steady day with 30% Windows
  launchAheadWeight: 1,
};

export interface KeepWarmInput {
  /** Epoch ms of this iteration. */
  now: number;
  /** The boot time looked ahead over (the daemon's measured one, else an estimate). */
  bootMs: number;
  /** Earlier observations and this one, oldest first; those with `claimed` carry evidence. */
  history: readonly DemandObservation[];
}

export interface KeepWarmForecast {
  /** Tasks per second: the median of the window's span rates. */
  arrivalsPerS: number;
  /** Tasks expected over one boot at that rate. */
  expectedArrivals: number;
  bootMs: number;
  /** The steady demand level (slots busy or wanted), and the capacity its quantile asks for. */
  steadyDemand: number;
  demandTarget: number;
  /** Capacity units to keep idle. */
  keepWarmCapacity: number;
  /** Capacity units to launch beyond the pending tasks while some are pending (the arrivals until the next iteration). */
  launchAheadCapacity: number;
  /** Seconds of observations with claim counts behind the rate. */
  evidenceS: number;
}

/** The forecast, or null while there is too little evidence to trust one. */
export function forecastKeepWarm(input: KeepWarmInput, settings: KeepWarmSettings = DEFAULT_KEEP_WARM_SETTINGS): KeepWarmForecast | null {
  const from = input.now - settings.windowMs;
  const buckets = Math.max(1, Math.round(settings.windowMs / settings.bucketMs));
  const arrivals = new Array<number>(buckets).fill(0);
  const covered = new Array<number>(buckets).fill(0);
  let evidenceMs = 0;
  let totalArrivals = 0;
  let demandTime = 0;
  let demandMs = 0;
  const series = input.history.filter((o) => o.at > from - settings.bucketMs && o.at <= input.now);
  for (let i = 1; i < series.length; i++) {
    const before = series[i - 1] as DemandObservation;
    const after = series[i] as DemandObservation;
    if (after.claimed === undefined || after.at <= before.at || after.at <= from) continue;
    const index = Math.min(buckets - 1, Math.floor((after.at - from - 1) / settings.bucketMs));
    const arrived = Math.max(0, after.pendingTasks - before.pendingTasks + after.claimed);
    arrivals[index] = (arrivals[index] as number) + arrived;
    covered[index] = (covered[index] as number) + (after.at - before.at);
    evidenceMs += after.at - before.at;
    totalArrivals += arrived;
    if (after.busyCapacity !== undefined) {
      demandTime += (after.busyCapacity + after.pendingTasks) * (after.at - before.at);
      demandMs += after.at - before.at;
    }
  }
  if (evidenceMs < settings.minEvidenceMs) return null;
  const rates: number[] = [];
  for (let i = 0; i < buckets; i++) {
    const span = covered[i] as number;
    // a span observed for less than half its length says little about its rate
    if (span >= settings.bucketMs / 2) rates.push((arrivals[i] as number) / (span / 1000));
  }
  if (rates.length === 0) return null;
  const arrivalsPerS = median(rates);
  const expectedArrivals = arrivalsPerS * (input.bootMs / 1000);
  // the steady part of the window's mean demand: its arrivals at the steady rate, not a burst's
  const meanRate = totalArrivals / (evidenceMs / 1000);
  const meanDemand = demandMs > 0 ? demandTime / demandMs : 0;
  const steadyDemand = meanRate > 0 ? meanDemand * Math.min(1, arrivalsPerS / meanRate) : 0;
  const demandTarget = steadyDemand + settings.z * Math.sqrt(steadyDemand);
  const latest = series[series.length - 1];
  const previous = series[series.length - 2];
  const untilNextMs = latest && previous ? latest.at - previous.at : 0;
  const demandNow = latest && latest.busyCapacity !== undefined ? latest.busyCapacity + latest.pendingTasks : steadyDemand;
  const forArrivals = Math.round(settings.weight * expectedArrivals);
  const forFluctuation = settings.z > 0 ? Math.ceil(demandTarget - demandNow - 1e-9) : 0;
  return {
    arrivalsPerS,
    expectedArrivals,
    bootMs: input.bootMs,
    steadyDemand,
    demandTarget,
    keepWarmCapacity: Math.max(0, forArrivals, forFluctuation),
    launchAheadCapacity: Math.max(0, Math.round(settings.launchAheadWeight * arrivalsPerS * (Math.min(input.bootMs, untilNextMs) / 1000))),
    evidenceS: evidenceMs / 1000,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
