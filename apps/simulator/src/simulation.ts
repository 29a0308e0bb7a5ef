/**
 * One simulated run: the daemon's own iteration (assembled as the daemon assembles it) every
 * iteration period, against simulated EC2, a simulated queue fed by a trace, and in-memory
 * repositories, on a virtual clock.
 */
import type { DemandPolicy, KeepWarmSettings } from '@spot-provisioner/bidding';
import { createMemoryRepositories } from '@spot-provisioner/model';
import { assembleIteration, InProcessQueueTransport, QueueClient } from '@spot-provisioner/provisioner';
import pino from 'pino';
import { EventQueue, type Timed } from './event-queue';
import { Fleet, type SimInstance, type Task } from './fleet';
import { summarize, type RunMetrics } from './metrics';
import type { PriceBook } from './prices';
import { seededSlugids } from './random';
import { SimQueueWorld } from './sim-queue';
import { WorldDraws } from './world-draws';
import {
  DEFAULT_BOOT_MEDIAN_S,
  DEFAULT_BOOT_SIGMA,
  DEFAULT_CLAIM_ORDER,
  DEFAULT_IDLE_TIMEOUT_S,
  DEFAULT_INTERRUPTIONS_PER_HOUR,
  DEFAULT_ITERATION_S,
  DRAIN_LIMIT_S,
  matchesPool,
  type BootDistribution,
  type PoolReclaim,
  type ScenarioOptions,
  type SimulatedWorkerType,
} from './scenario';
import { SimEc2 } from './sim-ec2';
import { SimInterruptionQueue, WARNING_LEAD_S } from './sim-interruption-queue';
import type { TraceTask } from './trace';

/** Simulated second 0: a Monday at midnight UTC. */
export const SIM_EPOCH_MS = Date.parse('2026-11-23T00:00:00.000Z');
export const SIM_PROVISIONER_ID = 'sim-provisioner';
/** The daemon's zombie limit (MAX_INSTANCE_LIFE default): never reached by idle-terminating workers. */
const MAX_INSTANCE_LIFE_MS = 96 * 3600_000;

export interface Sample {
  t: number;
  queued: number;
  running: number;
  pending: number;
  costUsd: number;
}

export interface RunResult {
  metrics: RunMetrics;
  samples: Sample[];
  /** Every task's wait (seconds) per worker type, for analyses beyond the summary's percentiles. */
  waitsByWorkerType: ReadonlyMap<string, readonly number[]>;
  /** Every instance launched: when, where, and how long it took to boot. */
  launchLog: { t: number; workerType: string; availabilityZone: string; instanceType: string; bootS: number }[];
}

export interface RunInput {
  workerTypes: readonly SimulatedWorkerType[];
  trace: readonly TraceTask[];
  prices: PriceBook;
  /** Overrides every worker type's `policy` when given. */
  policy?: string;
  /** Stands in for the policy of the same name (a sweep of settings). */
  variant?: DemandPolicy;
  /** Overrides every worker type's `scaleDown`: on (its settings, enabled) or off (absent). */
  scaleDown?: 'on' | 'off';
  /** Stands in for the keep-warm forecast's settings (a sweep). */
  keepWarm?: KeepWarmSettings;
  options?: Partial<ScenarioOptions>;
}

/** A definition with the run's overrides of `policy` and `scaleDown` applied. */
export function withOverrides(definition: Record<string, unknown>, input: Pick<RunInput, 'policy' | 'scaleDown'>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...definition };
  if (input.policy !== undefined) out.policy = input.policy;
  if (input.scaleDown === 'off') delete out.scaleDown;
  if (input.scaleDown === 'on') out.scaleDown = { ...((definition.scaleDown as object | undefined) ?? {}), enabled: true };
  return out;
}

type SimEvent = Timed &
  (
    | { kind: 'finish'; task: Task; instance: SimInstance; run: number }
    | { kind: 'interrupt'; instance: SimInstance }
    | { kind: 'warning'; instance: SimInstance }
    | { kind: 'reclaim-warning'; reclaim: PoolReclaim }
    | { kind: 'ready'; instance: SimInstance }
    | { kind: 'arrival'; task: Task }
    | { kind: 'idle'; instance: SimInstance; idleSinceS: number }
    | { kind: 'reclaim'; reclaim: PoolReclaim }
    | { kind: 'claimable'; workerType: string }
    | { kind: 'iteration' }
  );
const ORDER = { finish: 0, interrupt: 1, reclaim: 1, warning: 1, 'reclaim-warning': 1, ready: 2, claimable: 2, arrival: 3, idle: 4, iteration: 5 } as const;

export function scenarioDefaults(options: Partial<ScenarioOptions> = {}): ScenarioOptions {
  return {
    seed: 1,
    iterationS: DEFAULT_ITERATION_S,
    iterationPhaseS: 0,
    idleTimeoutS: DEFAULT_IDLE_TIMEOUT_S,
    horizonS: 86_400,
    shortages: [],
    interruptions: [],
    defaultInterruptionsPerHour: DEFAULT_INTERRUPTIONS_PER_HOUR,
    reclaims: [],
    claimOrder: DEFAULT_CLAIM_ORDER,
    interruptionHandling: 'off',
    ...options,
  };
}

export async function runSimulation(input: RunInput): Promise<RunResult> {
  const options = scenarioDefaults(input.options);
  // common random numbers: each launch's and each task's draws are its own (world-draws.ts)
  const draws = new WorldDraws(options.seed);
  let now = 0;
  const clock = { now: () => SIM_EPOCH_MS + now * 1000 };
  const fleet = new Fleet(input.prices, options.claimOrder, draws);
  const events = new EventQueue<SimEvent>();
  const push = (event: SimEvent) => events.push(event);

  const launchLog: RunResult['launchLog'] = [];
  // EventBridge's queue: with it, EC2 warns two minutes before each reclaim
  const warnings = options.interruptionHandling === 'off' ? undefined : new SimInterruptionQueue();
  const definitions = new Map(input.workerTypes.map((w) => [w.workerType, w]));
  const boots = new Map<string, BootDistribution>(
    input.workerTypes.map((w) => [w.workerType, { medianS: w.boot?.medianS ?? DEFAULT_BOOT_MEDIAN_S, sigma: w.boot?.sigma ?? DEFAULT_BOOT_SIGMA }]),
  );
  const ec2 = new SimEc2(fleet, input.prices, draws, options, {
    now: () => ({ t: now, epochMs: clock.now() }),
    bootOf: (wt) => boots.get(wt) ?? { medianS: DEFAULT_BOOT_MEDIAN_S, sigma: DEFAULT_BOOT_SIGMA },
    capacityOf: (wt, type) => {
      const entries = (definitions.get(wt)?.definition.instanceTypes ?? []) as { instanceType: string; capacity: number }[];
      return entries.find((e) => e.instanceType === type)?.capacity ?? 1;
    },
    launched: (instance, bootS, interruptAfterS) => {
      launchLog.push({ t: now, workerType: instance.workerType, availabilityZone: instance.availabilityZone, instanceType: instance.instanceType, bootS });
      push({ t: now + bootS, order: ORDER.ready, kind: 'ready', instance });
      if (interruptAfterS === undefined) return;
      push({ t: now + interruptAfterS, order: ORDER.interrupt, kind: 'interrupt', instance });
      if (warnings) push({ t: now + Math.max(0, interruptAfterS - WARNING_LEAD_S), order: ORDER.warning, kind: 'warning', instance });
    },
  });

  const queueWorld = new SimQueueWorld(SIM_PROVISIONER_ID, fleet, {
    epochMs: (t) => SIM_EPOCH_MS + t * 1000,
    nowS: () => now,
    // a worker whose quarantine ends (or is lifted) claims again from then
    quarantined: (instance, untilS) => push({ t: Math.max(now, untilS), order: ORDER.claimable, kind: 'claimable', workerType: instance.workerType }),
  });

  const repos = createMemoryRepositories();
  for (const w of input.workerTypes) {
    const definition = withOverrides(w.definition, input);
    await repos.workerTypes.create(w.workerType, definition as never, new Date(clock.now()));
  }
  const regions = [
    ...new Set(input.workerTypes.flatMap((w) => ((w.definition.regions ?? []) as { region: string }[]).map((r) => r.region))),
  ].sort();
  // spot prices: the daemon's own source, asking (simulated) EC2's price history
  const iteration = assembleIteration({
    ec2,
    // the daemon's own queue client, answered from the fleet's truth with the stand-in's answers
    queue: new QueueClient(new InProcessQueueTransport(queueWorld, clock), { sleep: async () => undefined }),
    repositories: repos,
    clock,
    logger: pino({ level: 'silent' }),
    provisionerId: SIM_PROVISIONER_ID,
    regions,
    maxInstanceLifeMs: MAX_INSTANCE_LIFE_MS,
    provisionerBaseUrl: 'http://provisioner.sim.invalid',
    taskclusterRootUrl: 'http://taskcluster.sim.invalid',
    onDemandPrices: input.prices.onDemandPrices(regions),
    newSlugid: seededSlugids(draws.stream('launch-ids')),
    demandVariant: input.variant,
    ...(warnings && options.interruptionHandling !== 'off'
      ? { interruptions: { queue: warnings, poolRisk: repos.poolRisk, placement: options.interruptionHandling, waitSeconds: 0 } }
      : {}),
    ...(input.keepWarm ? { keepWarm: input.keepWarm } : {}),
  });
  const intake = iteration.interruptions?.intake;

  let taskCount = 0;
  input.trace.forEach((task, index) => {
    if (task.t > options.horizonS || !definitions.has(task.workerType)) return;
    taskCount++;
    const simTask: Task = { id: index, workerType: task.workerType, arrivedS: task.t, durationS: task.durationS, waitedS: 0, queuedS: task.t, runs: 0, runLog: [] };
    queueWorld.track(simTask);
    push({ t: task.t, order: ORDER.arrival, kind: 'arrival', task: simTask });
  });
  for (const reclaim of options.reclaims) {
    push({ t: reclaim.atS, order: ORDER.reclaim, kind: 'reclaim', reclaim });
    if (warnings) push({ t: Math.max(0, reclaim.atS - WARNING_LEAD_S), order: ORDER['reclaim-warning'], kind: 'reclaim-warning', reclaim });
  }
  push({ t: options.iterationPhaseS, order: ORDER.iteration, kind: 'iteration' });

  const samples: Sample[] = [];
  const startTasks = (workerType: string) => {
    for (const { task, instance } of fleet.dispatch(workerType, now)) {
      push({ t: now + task.durationS, order: ORDER.finish, kind: 'finish', task, instance, run: task.runs });
    }
  };
  const watchIdle = (instance: SimInstance) => {
    if (instance.state === 'running' && instance.tasks.size === 0) {
      push({ t: now + options.idleTimeoutS, order: ORDER.idle, kind: 'idle', instance, idleSinceS: instance.idleSinceS });
    }
  };
  let iterating = true;

  for (let event = events.pop(); event; event = events.pop()) {
    now = event.t;
    switch (event.kind) {
      case 'arrival':
        fleet.enqueue(event.task, now);
        startTasks(event.task.workerType);
        break;
      case 'ready':
        if (event.instance.state !== 'pending') break;
        event.instance.state = 'running';
        event.instance.idleSinceS = now;
        // its worker's first claimWork: the queue knows it from now on
        event.instance.knownToQueueS = now;
        startTasks(event.instance.workerType);
        watchIdle(event.instance);
        break;
      case 'finish':
        if (event.task.runs !== event.run || !event.instance.tasks.has(event.task)) break;
        fleet.finish(event.task, event.instance, now);
        startTasks(event.instance.workerType);
        watchIdle(event.instance);
        break;
      case 'interrupt':
        if (event.instance.state === 'terminated') break;
        fleet.terminate(event.instance, now, true);
        startTasks(event.instance.workerType);
        break;
      case 'warning':
        if (event.instance.state !== 'terminated') warnings?.warn(event.instance, clock.now());
        break;
      case 'reclaim-warning':
        for (const instance of fleet.instances.values()) if (instance.market === 'spot' && matchesPool(event.reclaim, instance)) warnings?.warn(instance, clock.now());
        break;
      case 'reclaim': {
        const reclaimed = [...fleet.instances.values()].filter((i) => i.market === 'spot' && matchesPool(event.reclaim, i));
        for (const instance of reclaimed) fleet.terminate(instance, now, true);
        for (const workerType of new Set(reclaimed.map((i) => i.workerType))) startTasks(workerType);
        break;
      }
      case 'claimable':
        startTasks(event.workerType);
        break;
      case 'idle':
        if (event.instance.state === 'running' && event.instance.tasks.size === 0 && event.instance.idleSinceS === event.idleSinceS) {
          fleet.terminate(event.instance, now, false);
        }
        break;
      case 'iteration': {
        const busyTasks = [...fleet.instances.values()].reduce((sum, i) => sum + i.tasks.size, 0);
        const workLeft = fleet.queuedTotal() > 0 || busyTasks > 0;
        if ((now >= options.horizonS && !workLeft) || now >= options.horizonS + DRAIN_LIMIT_S) {
          iterating = false;
          break;
        }
        const capacity = fleet.capacity();
        samples.push({ t: now, queued: fleet.queuedTotal(), running: capacity.running, pending: capacity.pending, costUsd: fleet.costSoFar(now) });
        // between iterations the daemon's intake has read what the queue holds
        if (intake) while ((await intake.pollOnce(0)) > 0);
        await iteration.run();
        push({ t: now + options.iterationS, order: ORDER.iteration, kind: 'iteration' });
        break;
      }
    }
    if (!iterating && fleet.instances.size === 0) break;
    if (!iterating && now >= options.horizonS + DRAIN_LIMIT_S) break;
  }

  for (const instance of [...fleet.instances.values()]) fleet.terminate(instance, now, false);
  const unfinished = fleet.censorQueued(now);
  const capacity = fleet.capacity();
  samples.push({ t: now, queued: 0, running: capacity.running, pending: capacity.pending, costUsd: fleet.totals.costUsd });
  return {
    metrics: summarize(fleet.totals, {
      tasks: taskCount,
      unfinished,
      launches: ec2.launches,
      capacityRefusals: ec2.capacityRefusals,
      simulatedS: now,
      warnings: warnings?.sent ?? 0,
      drains: queueWorld.quarantines,
      drainsCalledOff: queueWorld.lifts,
      daemonTerminations: ec2.terminations,
    }),
    samples,
    launchLog,
    waitsByWorkerType: fleet.totals.waitsByWorkerType,
  };
}
