/**
 * Scale-down's decision for one worker type (pure): which idle instances to drain, which to
 * keep, and why, in one sentence each. The forecast (packages/bidding) says how much capacity to
 * keep warm for the tasks expected over one boot; idle instances beyond it are drained most
 * expensive per unit of utility first, then longest idle. Never an instance running a task,
 * never one idle for less than minIdleSeconds (nor, when the keep-warm settings ask for it,
 * less than a number of boots), never below minCapacity, and at most the disruption budget
 * draining at once. Draining takes two iterations: quarantine (the queue gives the worker no new
 * task), then terminate if still idle with no claim since; the decision at the second step may
 * call the drain off (lift the quarantine) when the worker claimed meanwhile or is needed again.
 */
import type { KeepWarmForecast } from '@spot-provisioner/bidding';
import type { DrainAction, DrainRefusal, KeptInstance, ScaleDownDecision } from '@spot-provisioner/model';
import { describeIdle, drainExplanation, forecastPhrase, minutes } from './drain-reasons';
import { drainBudget, type ScaleDownSettings } from './scale-down-settings';

/** What the queue says of an instance's worker. */
export type QueueView =
  /** Its latest task run is running. */
  | { kind: 'busy' }
  /** No task running since `sinceMs`: its last run resolved, or it never claimed one (since its first claimWork, or its launch). */
  | { kind: 'idle'; sinceMs: number; basis: 'resolved' | 'first-claim' | 'launch' }
  /** Could not be established this iteration (a status call failed, …): treated as busy. */
  | { kind: 'unknown'; reason: string }
  /** Not known to the queue yet and launched within the boot grace. */
  | { kind: 'booting'; launchedMs: number; graceMs: number };

export type QuarantineView =
  | { kind: 'none' }
  /** Quarantined by this daemon at an earlier iteration (a drain in progress); `claimedSince`: a new task run since. */
  | { kind: 'ours'; sinceMs: number; claimedSince: boolean }
  /** Quarantined by someone else (an operator): never touched, never counted warm. */
  | { kind: 'other'; untilMs: number };

/**
 * Taskcluster's claimWork long-polls for about 20 seconds: a claim begun just before a
 * quarantine may still be answered that long after it, so a quarantine younger than this is
 * left to settle before its instance may be terminated.
 */
export const CLAIM_POLL_MS = 20_000;

export interface DrainInstance {
  instanceId: string;
  region: string;
  capacity: number;
  /** USD/h ÷ utility at its pool's price now; null when unknown (drained last). */
  pricePerUtility: number | null;
  queue: QueueView;
  quarantine: QuarantineView;
}

export interface DrainInput {
  settings: ScaleDownSettings;
  minCapacity: number;
  /** Epoch ms of the iteration. */
  now: number;
  pendingTasks: number;
  /** Capacity starting up or requested: it arrives within a boot. */
  bootingCapacity: number;
  /** Null while the forecast lacks evidence (after a restart): nothing new is drained. */
  forecast: KeepWarmForecast | null;
  /** The boot time the forecast looks over. */
  bootMs: number;
  /** Boots an instance must have idled, at least, before it is drained (KeepWarmSettings.idleFloorBoots). */
  idleFloorBoots: number;
  /** The worker type's running instances. */
  instances: readonly DrainInstance[];
}

interface Candidate {
  instance: DrainInstance;
  /** Quarantined by us at an earlier iteration and still idle: terminate or lift. */
  inDrain: boolean;
  sinceMs: number;
  basis: 'resolved' | 'first-claim' | 'launch';
}

/** Below this idle time nothing is drained: minIdleSeconds, and never less than `floorBoots` boots. */
export function drainIdleMinimumMs(settings: Pick<ScaleDownSettings, 'minIdleSeconds'>, bootMs: number, floorBoots: number): number {
  return Math.max(settings.minIdleSeconds * 1000, floorBoots * bootMs);
}

export function decideDrains(input: DrainInput): ScaleDownDecision {
  const { settings, forecast, now } = input;
  const actions: DrainAction[] = [];
  const kept: KeptInstance[] = [];
  const keep = (i: DrainInstance, reason: DrainRefusal, detail: string) => kept.push({ instanceId: i.instanceId, region: i.region, reason, detail });
  const act = (i: DrainInstance, action: DrainAction['action'], reason: string) =>
    actions.push({ instanceId: i.instanceId, region: i.region, action, capacity: i.capacity, reason });

  const budget = drainBudget(settings, input.instances.length);
  const minIdleMs = drainIdleMinimumMs(settings, input.bootMs, input.idleFloorBoots);
  const candidates: Candidate[] = [];
  let unresolvedDrains = 0;
  for (const instance of input.instances) {
    const { queue, quarantine } = instance;
    if (quarantine.kind === 'other') {
      keep(instance, 'quarantined-elsewhere', `quarantined by someone else until ${new Date(quarantine.untilMs).toISOString()}: left alone`);
    } else if (quarantine.kind === 'ours' && (quarantine.claimedSince || queue.kind === 'busy')) {
      act(instance, 'lift', 'claimed a task since its quarantine: kept running, quarantine lifted');
    } else if (queue.kind === 'busy') {
      keep(instance, 'busy', 'running a task');
    } else if (queue.kind === 'unknown') {
      if (quarantine.kind === 'ours') unresolvedDrains += 1;
      keep(instance, 'unknown', `${queue.reason}${quarantine.kind === 'ours' ? ': its drain waits' : ''}`);
    } else if (queue.kind === 'booting') {
      keep(instance, 'booting', `not known to the queue yet, launched ${minutes(now - queue.launchedMs)} ago (grace ${minutes(queue.graceMs)})`);
    } else {
      candidates.push({ instance, inDrain: quarantine.kind === 'ours', sinceMs: queue.sinceMs, basis: queue.basis });
    }
  }

  const idleCapacity = candidates.reduce((sum, c) => sum + (c.inDrain ? 0 : c.instance.capacity), 0);
  const keepWarm = forecast?.keepWarmCapacity ?? 0;
  const base = {
    idleCapacity,
    keepWarmCapacity: keepWarm,
    expectedArrivals: forecast ? round2(forecast.expectedArrivals) : null,
    bootSeconds: Math.round(input.bootMs / 1000),
    budget,
  };

  // drains in progress first (finishing them is cheaper than starting others), then most expensive per utility, then longest idle
  candidates.sort(
    (a, b) =>
      Number(b.inDrain) - Number(a.inDrain) ||
      (b.instance.pricePerUtility ?? -1) - (a.instance.pricePerUtility ?? -1) ||
      a.sinceMs - b.sinceMs ||
      a.instance.instanceId.localeCompare(b.instance.instanceId),
  );
  const totalCapacity = input.instances.reduce((sum, i) => sum + i.capacity, 0) + input.bootingCapacity;
  // what will serve the next boot's arrivals without a launch: idle capacity, what is booting, less what is already waiting
  const available = candidates.reduce((sum, c) => sum + c.instance.capacity, 0) + input.bootingCapacity;
  let drained = 0;
  let started = 0;
  const budgetLeft = Math.max(0, budget - unresolvedDrains);
  for (const candidate of candidates) {
    const { instance, inDrain } = candidate;
    const idleMs = now - candidate.sinceMs;
    const refuse = (reason: DrainRefusal, detail: string) => (inDrain ? act(instance, 'lift', `${detail}: quarantine lifted`) : keep(instance, reason, detail));
    if (!forecast) {
      refuse('no-forecast', 'not enough history to forecast arrivals yet: nothing is drained until there is');
      continue;
    }
    if (inDrain && now - (instance.quarantine as { sinceMs: number }).sinceMs < CLAIM_POLL_MS) {
      // counts as draining: neither terminated nor lifted yet
      drained += instance.capacity;
      keep(instance, 'settling', `quarantined ${minutes(now - (instance.quarantine as { sinceMs: number }).sinceMs)} ago: claims already in flight get ${minutes(CLAIM_POLL_MS)} to show before it is terminated`);
      continue;
    }
    if (!inDrain && idleMs < minIdleMs) {
      refuse('recently-idle', `idle ${minutes(idleMs)}, under the ${minutes(minIdleMs)} minimum`);
      continue;
    }
    const after = available - drained - instance.capacity;
    if (totalCapacity - drained - instance.capacity < input.minCapacity) {
      refuse('min-capacity', `draining it would leave less than minCapacity ${input.minCapacity}`);
      continue;
    }
    if (after - input.pendingTasks < keepWarm) {
      if (after >= keepWarm) refuse('pending-tasks', `${input.pendingTasks} pending tasks need the idle capacity`);
      else refuse('keep-warm', `kept warm: ${forecastPhrase(forecast)}`);
      continue;
    }
    if (!inDrain && started >= budgetLeft) {
      refuse('budget', `the disruption budget (${budget} draining at once) is spent this iteration`);
      continue;
    }
    drained += instance.capacity;
    if (inDrain) {
      act(instance, 'terminate', `quarantined ${minutes(now - (instance.quarantine as { sinceMs: number }).sinceMs)} ago, still idle with no claim since`);
    } else {
      started += 1;
      const queue = input.pendingTasks === 0 ? 'queue empty' : `${input.pendingTasks} pending`;
      act(instance, 'quarantine', `${describeIdle(idleMs, candidate.basis)}, ${queue}, ${forecastPhrase(forecast)}`);
    }
  }
  return { ...base, explanation: drainExplanation(base, forecast, actions, input.pendingTasks), actions, kept };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
