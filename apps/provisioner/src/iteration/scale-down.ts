/**
 * Scale-down (worker types with `scaleDown` enabled), after act: per worker type, read the queue
 * (which instances are busy, since when the others are idle: scale-down/read-queue.ts), forecast
 * the arrivals over one boot from what the queue showed in recent iterations (packages/bidding),
 * decide the drains (pure, packages/planner), then act the two-step drain (quarantine; at a
 * later iteration terminate, or lift: scale-down/act.ts). A worker type whose queue does not
 * answer, answers garbage, or whose instances are not fully known (a failed region) drains
 * nothing this iteration: logged and counted, never guessed.
 */
import {
  DEFAULT_KEEP_WARM_SETTINGS,
  forecastKeepWarm,
  LOOKAHEAD_BOOT_ESTIMATE_MS,
  rememberObservation,
  type KeepWarmSettings,
  type OnDemandPrice,
  type SpotPriceIndex,
} from '@spot-provisioner/bidding';
import type { ScaleDownDecision } from '@spot-provisioner/model';
import { decideDrains, drainIdleMinimumMs, scaleDownSettings, type DrainInstance } from '@spot-provisioner/planner';
import type { Logger } from 'pino';
import { mapLimited } from '../concurrency';
import type { Ec2Port, OwnedInstance } from '../ec2/port';
import { errorMessage } from '../error-message';
import type { ProvisionerMetrics } from '../metrics';
import type { PendingTasksSource } from '../queue/pending-tasks';
import type { QueueClientPort } from '../queue/queue-client';
import { executeDrains } from '../scale-down/act';
import type { ScaleDownMemory } from '../scale-down/memory';
import { readQueue, type QueueRead } from '../scale-down/read-queue';
import type { Acted } from './act';
import type { IterationPlan, WorkerTypeStep } from './decide';
import { QUEUE_CONCURRENCY } from './gather';

export interface ScaleDownDeps {
  provisionerId: string;
  /** The queue client; a source of pending counts only cannot drain (noted in the decision). */
  queue: PendingTasksSource | QueueClientPort;
  ec2: Pick<Ec2Port, 'terminateInstances'>;
  memory: ScaleDownMemory;
  /** The daemon may write to the queue (it has Taskcluster credentials): without, nothing is drained. */
  queueWrites: boolean;
  onDemandPrices: readonly OnDemandPrice[];
  /** Stands in for the default keep-warm forecast settings (the simulator's sweeps). */
  keepWarm?: KeepWarmSettings;
  logger: Logger;
  metrics: ProvisionerMetrics | undefined;
}

/** Scale-down's part of one worker type's iteration. */
export interface WorkerTypeDrained {
  decision: ScaleDownDecision | null;
  /** Sentences for the decision's notes (why nothing was drained, what failed). */
  notes: string[];
  /** Quarantines set, instances terminated after draining, drains called off (each succeeded). */
  quarantined: number;
  terminated: number;
  lifted: number;
}

export interface Drained {
  workerTypes: Map<string, WorkerTypeDrained>;
  terminated: number;
  errors: string[];
  /** Queue calls scale-down made this iteration. */
  queueCalls: { list: number; status: number; getWorker: number; quarantine: number };
}

export const isQueueClient = (queue: PendingTasksSource | QueueClientPort): queue is QueueClientPort => 'listAllWorkers' in queue;

export async function scaleDown(deps: ScaleDownDeps, input: { plan: IterationPlan; acted: Acted; now: number }): Promise<Drained> {
  const drained: Drained = { workerTypes: new Map(), terminated: 0, errors: [], queueCalls: { list: 0, status: 0, getWorker: 0, quarantine: 0 } };
  const submitted = new Map(input.acted.workerTypes.map((w) => [w.step.record.workerType, w.submittedCapacity]));
  const enabled = input.plan.workerTypes.filter((step) => scaleDownSettings(step.record.definition.scaleDown).enabled);
  const names = new Set(enabled.map((step) => step.record.workerType));
  for (const workerType of deps.memory.workerTypes()) if (!names.has(workerType)) deps.memory.forget(workerType);

  await mapLimited(enabled, QUEUE_CONCURRENCY, async (step) => {
    const result = await scaleDownWorkerType(deps, input, step, submitted.get(step.record.workerType) ?? 0, drained);
    drained.workerTypes.set(step.record.workerType, result);
    drained.terminated += result.terminated;
  });
  return drained;
}

async function scaleDownWorkerType(
  deps: ScaleDownDeps,
  input: { plan: IterationPlan; now: number },
  step: WorkerTypeStep,
  submittedCapacity: number,
  drained: Drained,
): Promise<WorkerTypeDrained> {
  const { now, plan } = input;
  const workerType = step.record.workerType;
  const definition = step.record.definition;
  const settings = scaleDownSettings(definition.scaleDown);
  const out: WorkerTypeDrained = { decision: null, notes: [], quarantined: 0, terminated: 0, lifted: 0 };
  // no forecast this iteration (whatever stops it below): nothing is launched ahead on an old one
  deps.memory.rememberLaunchAhead(workerType, undefined);
  const skip = (why: string) => {
    out.notes.push(`Scale-down drained nothing this iteration: ${why}.`);
    return out;
  };
  if (!deps.queueWrites) return skip('the daemon has no Taskcluster credentials for queue writes (TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN)');
  if (!isQueueClient(deps.queue)) return skip('the queue client cannot list workers');
  if (step.pendingTasks === null) return skip('the queue did not answer the pending-task count');
  if (definition.regions.some((r) => plan.failedRegions.includes(r.region))) return skip('a region of the worker type could not be described, so its instances are not fully known');

  const bootMs = step.planInput?.demand?.observedBootMs ?? LOOKAHEAD_BOOT_ESTIMATE_MS;
  const keepWarm = deps.keepWarm ?? DEFAULT_KEEP_WARM_SETTINGS;
  const running = step.capacity.instances.filter((i) => i.state === 'running');
  const capacityOf = (instance: OwnedInstance) => definition.instanceTypes.find((t) => t.instanceType === instance.instanceType)?.capacity ?? 1;
  const observation = {
    at: now,
    pendingTasks: step.pendingTasks,
    runningCapacity: step.capacity.runningCapacity,
    pendingCapacity: step.capacity.arrivingCapacity,
  };
  const history = deps.memory.observationsOf(workerType);

  let read: QueueRead | undefined;
  if (running.length === 0 && deps.memory.drainsOf(workerType).size === 0) {
    // nothing running: no list call; no worker of it can have claimed since
    history.set(rememberObservation(history.get(), { ...observation, claimed: 0, busyCapacity: 0 }));
    read = undefined;
  } else {
    try {
      read = await readQueue(
        deps.queue,
        deps.memory,
        { provisionerId: deps.provisionerId, workerType, now, minIdleMs: drainIdleMinimumMs(settings, bootMs, keepWarm.idleFloorBoots), bootMs },
        running.map((i) => ({ instanceId: i.instanceId, region: i.region, launchTime: i.launchTime, capacity: capacityOf(i) })),
      );
    } catch (err) {
      history.set(rememberObservation(history.get(), observation));
      deps.metrics?.queueFailures.inc({ worker_type: workerType });
      deps.logger.error({ workerType, err: errorMessage(err) }, 'scale-down: the queue did not list the workers; nothing drained this iteration');
      drained.errors.push(`${workerType}: scale-down: ${errorMessage(err)}`);
      drained.queueCalls.list += 1;
      return skip(`the queue did not list the workers (${errorMessage(err)})`);
    }
    drained.queueCalls.list += read.calls.list;
    drained.queueCalls.status += read.calls.status;
    drained.queueCalls.getWorker += read.calls.getWorker;
    out.notes.push(...read.notes);
    const views = read.views;
    const busyCapacity = running.reduce((sum, i) => sum + (views.get(i.instanceId)?.queue.kind === 'busy' ? capacityOf(i) : 0), 0);
    history.set(rememberObservation(history.get(), read.claimed === undefined ? observation : { ...observation, claimed: read.claimed, busyCapacity }));
  }

  // the worker type's own share of the next iteration's arrivals launched ahead (its launchAheadPercent)
  const launchAheadWeight = keepWarm.launchAheadWeight * (settings.launchAheadPercent / 100);
  const forecast = forecastKeepWarm({ now, bootMs, history: history.get() }, { ...keepWarm, launchAheadWeight });
  deps.memory.rememberLaunchAhead(workerType, forecast?.launchAheadCapacity);
  const instances: DrainInstance[] = running.map((instance) => {
    const view = read?.views.get(instance.instanceId);
    return {
      instanceId: instance.instanceId,
      region: instance.region,
      capacity: capacityOf(instance),
      pricePerUtility: pricePerUtility(instance, definition.instanceTypes, plan.market.spotPrices, deps.onDemandPrices),
      queue: view?.queue ?? { kind: 'unknown', reason: 'not read from the queue' },
      quarantine: view?.quarantine ?? { kind: 'none' },
    };
  });
  const decision = decideDrains({
    settings,
    minCapacity: definition.minCapacity,
    now,
    pendingTasks: step.pendingTasks,
    bootingCapacity: step.capacity.arrivingCapacity + submittedCapacity,
    forecast,
    bootMs,
    idleFloorBoots: keepWarm.idleFloorBoots,
    instances,
  });
  out.decision = decision;

  const outcomes = await executeDrains(
    { queue: deps.queue, ec2: deps.ec2, memory: deps.memory, provisionerId: deps.provisionerId, workerType, now },
    decision.actions,
  );
  for (const outcome of outcomes) {
    const { action } = outcome;
    if (action.action !== 'terminate') drained.queueCalls.quarantine += 1;
    if (!outcome.ok) {
      out.notes.push(`Failed: ${outcome.error}.`);
      drained.errors.push(`${workerType}: ${outcome.error}`);
      deps.logger.error({ workerType, instanceId: action.instanceId, action: action.action, err: outcome.error }, 'scale-down action failed');
      continue;
    }
    if (action.action === 'quarantine') out.quarantined += 1;
    if (action.action === 'terminate') out.terminated += 1;
    if (action.action === 'lift') out.lifted += 1;
    deps.metrics?.drains.inc({ worker_type: workerType, action: action.action });
    deps.logger.info({ workerType, instanceId: action.instanceId, region: action.region, action: action.action, reason: action.reason }, `scale-down: ${action.action}`);
  }
  return out;
}

/** USD/h ÷ utility of an instance at its pool's price now; null when unknown. */
function pricePerUtility(
  instance: OwnedInstance,
  instanceTypes: readonly { instanceType: string; utility: number }[],
  spotPrices: SpotPriceIndex,
  onDemandPrices: readonly OnDemandPrice[],
): number | null {
  const price =
    instance.market === 'spot'
      ? spotPrices.get(instance.region, instance.availabilityZone, instance.instanceType)
      : onDemandPrices.find((p) => p.region === instance.region && p.instanceType === instance.instanceType)?.price;
  const utility = instanceTypes.find((t) => t.instanceType === instance.instanceType)?.utility ?? 1;
  return price === undefined ? null : price / utility;
}
