/**
 * One reconcile iteration, top-down: gather (once per region) → decide (pure: the plan as a
 * value) → act (cleanup, then each worker type's launches in re-plan rounds) → scale-down
 * (worker types with it enabled: read the queue, decide the drains, quarantine or terminate)
 * → record (what the API reads). Each phase gets only its own slice of the world (assemble.ts builds them);
 * each logs and counts what it does. A failing region or worker type is reported and skipped;
 * the rest of the iteration goes on.
 */
import type { Clock } from '../clock';
import { act, type Acted, type ActDeps } from './act';
import { decide, type DecideSettings, type IterationPlan } from './decide';
import { gather, type GatherDeps, type Gathered } from './gather';
import { actOnInterruptions, hear, recordInterruptions, type InterruptionDeps } from './interruptions';
import type { PoolAvailability } from './pool-availability';
import { record, type RecordDeps } from './record';
import { scaleDown, type Drained, type ScaleDownDeps } from './scale-down';

export interface IterationSlices {
  clock: Clock;
  /** Pools that recently refused a launch: decide avoids them, act adds to them. */
  pools: PoolAvailability;
  gather: GatherDeps;
  decide: DecideSettings;
  act: ActDeps;
  scaleDown: ScaleDownDeps;
  record: RecordDeps;
  /** Absent without an interruption queue. */
  interruptions?: InterruptionDeps | undefined;
}

export interface IterationReport {
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  workerTypes: number;
  launches: number;
  terminations: number;
  cancellations: number;
  errors: number;
  failedRegions: string[];
  failedWorkerTypes: string[];
  /** Stopped early because the daemon is shutting down. */
  abandoned: boolean;
  /** Scale-down's queue calls this iteration (list, status, getWorker, quarantine writes). */
  scaleDownQueueCalls?: Drained['queueCalls'];
}

export async function runIteration(slices: IterationSlices, signal?: AbortSignal): Promise<IterationReport> {
  const startedAt = new Date(slices.clock.now());
  const now = startedAt.getTime();
  const gathered = await gather(slices.gather, startedAt);
  const heard = await hear(slices.interruptions, gathered, now);
  const plan = decide(gathered, slices.pools.current(), now, slices.decide, heard);
  const acted = await act(slices.act, plan, signal);
  const interruptionErrors = await actOnInterruptions(slices.interruptions, heard, now);
  const drained = await scaleDown(slices.scaleDown, { plan, acted, now });
  const recordErrors = await record(slices.record, { startedAt, gathered, plan, acted, drained });
  recordErrors.push(...heard.errors, ...interruptionErrors, ...(await recordInterruptions(slices.interruptions, heard, gathered, now)));
  return report(slices.clock, { startedAt, gathered, plan, acted, drained, recordErrors });
}

function report(
  clock: Clock,
  {
    startedAt,
    gathered,
    plan,
    acted,
    drained,
    recordErrors,
  }: { startedAt: Date; gathered: Gathered; plan: IterationPlan; acted: Acted; drained: Drained; recordErrors: string[] },
): IterationReport {
  const finishedAt = new Date(clock.now());
  const regionErrors = gathered.regions.reduce((sum, region) => sum + region.errors.length, 0);
  return {
    startedAt,
    finishedAt,
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    workerTypes: gathered.workerTypes.length,
    launches: acted.workerTypes.reduce((sum, w) => sum + w.submitted.length, 0),
    terminations: acted.terminated + drained.terminated,
    cancellations: acted.cancelled,
    errors: regionErrors + acted.errors.length + drained.errors.length + recordErrors.length,
    failedRegions: plan.failedRegions,
    failedWorkerTypes: acted.failedWorkerTypes,
    abandoned: acted.abandoned,
    scaleDownQueueCalls: drained.queueCalls,
  };
}
