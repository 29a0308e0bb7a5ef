/**
 * Scale-down's gather for one worker type: from the queue's worker list (one paged call) and,
 * only where a drain could follow, the status of a worker's latest task run, what each running
 * instance is doing (busy, idle since when, booting, unknown) and whether it is quarantined.
 * Calls are spared where the answer cannot lead to a drain: a run seen running is not asked
 * again until it could have been idle for the minimum, a run claimed since the last list cannot
 * have been idle that long, and a resolved run stays resolved (remembered).
 */
import type { QuarantineView, QueueView } from '@spot-provisioner/planner';
import { errorMessage } from '../error-message';
import type { QueueClientPort } from '../queue/queue-client';
import type { ListedWorker, TaskStatus } from '../queue/schemas';
import { RECENT_TASKS } from '../queue/queue-answers';
import { runKey, type ScaleDownMemory, type WorkerMemory } from './memory';

/** A worker that has not called claimWork this long after launch is not coming up (Windows boots take 7 minutes): idle since launch. */
export const UNKNOWN_WORKER_GRACE_MS = 15 * 60_000;
/** Boots of grace for the same, when the worker type's measured boot is long. */
const GRACE_BOOTS = 3;

export interface RunningInstance {
  instanceId: string;
  region: string;
  launchTime: number;
  capacity: number;
}

export interface QueueReadSettings {
  provisionerId: string;
  workerType: string;
  now: number;
  /** Below this idle time nothing is drained (minIdleSeconds, or idleFloorBoots boots when longer). */
  minIdleMs: number;
  bootMs: number;
}

export interface InstanceQueueView {
  queue: QueueView;
  quarantine: QuarantineView;
}

export interface QueueRead {
  views: Map<string, InstanceQueueView>;
  /** Tasks claimed since the previous list (workers whose latest run changed); undefined on a first list. */
  claimed: number | undefined;
  /** Notes for the decision (a drain that lapsed, …). */
  notes: string[];
  calls: { list: number; status: number; getWorker: number };
}

export async function readQueue(
  queue: QueueClientPort,
  memory: ScaleDownMemory,
  settings: QueueReadSettings,
  instances: readonly RunningInstance[],
): Promise<QueueRead> {
  const { provisionerId, workerType, now } = settings;
  const calls = { list: 1, status: 0, getWorker: 0 };
  // a failure here is the whole worker type's: no drain this iteration (the caller logs and counts it)
  const listed = await queue.listAllWorkers(provisionerId, workerType);
  const previousList = memory.lastListedAt(workerType);
  memory.listed(workerType, now);
  const remembered = memory.workersOf(workerType);
  const drains = memory.drainsOf(workerType);
  const notes: string[] = [];

  // claims since the previous list: workers (EC2 shows them or not) whose latest run changed
  let claimed = 0;
  const byId = new Map<string, ListedWorker>();
  const seen = new Set<string>();
  for (const worker of listed) {
    const key = `${worker.workerGroup}/${worker.workerId}`;
    seen.add(key);
    byId.set(key, worker);
    const latest = runKey(worker.latestTask);
    const before = remembered.get(key);
    if (latest !== undefined && latest !== before?.latest) {
      claimed += 1;
      remembered.set(key, { latest, latestSeenAt: now });
    } else if (!before) {
      remembered.set(key, { latest, latestSeenAt: now });
    }
  }
  for (const key of remembered.keys()) if (!seen.has(key)) remembered.delete(key);

  const views = new Map<string, InstanceQueueView>();
  const graceMs = Math.max(UNKNOWN_WORKER_GRACE_MS, GRACE_BOOTS * settings.bootMs);
  await Promise.all(
    instances.map(async (instance) => {
      const key = `${instance.region}/${instance.instanceId}`;
      const worker = byId.get(key);
      const drain = drains.get(instance.instanceId);
      if (!worker) {
        // never called claimWork: booting within the grace, else as good as idle since launch
        const queueView: QueueView =
          now - instance.launchTime < graceMs ? { kind: 'booting', launchedMs: instance.launchTime, graceMs } : { kind: 'idle', sinceMs: instance.launchTime, basis: 'launch' };
        const quarantine: QuarantineView = drain?.unknownToQueue ? { kind: 'ours', sinceMs: drain.quarantinedAt, claimedSince: false } : { kind: 'none' };
        if (drain && !drain.unknownToQueue) drains.delete(instance.instanceId);
        views.set(instance.instanceId, { queue: queueView, quarantine });
        return;
      }
      const quarantinedUntil = worker.quarantineUntil ? Date.parse(worker.quarantineUntil) : undefined;
      const inForce = quarantinedUntil !== undefined && quarantinedUntil > now;
      let quarantine: QuarantineView = { kind: 'none' };
      const latest = runKey(worker.latestTask);
      if (drain && !drain.unknownToQueue && inForce) {
        quarantine = { kind: 'ours', sinceMs: drain.quarantinedAt, claimedSince: latest !== drain.latestAtQuarantine };
      } else if (drain) {
        // lifted or lapsed meanwhile (or the worker came up after a drain of an unknown one): the drain is off
        drains.delete(instance.instanceId);
        if (!drain.unknownToQueue) notes.push(`The quarantine of ${instance.instanceId} was lifted or lapsed before it could be terminated; its drain is off.`);
      }
      if (inForce && quarantine.kind === 'none') quarantine = { kind: 'other', untilMs: quarantinedUntil as number };
      const memo = remembered.get(key) as WorkerMemory;
      const mustAsk = quarantine.kind === 'ours';
      const queueView = await workerActivity(queue, worker, memo, instance, settings, previousList, mustAsk, calls);
      views.set(instance.instanceId, { queue: queueView, quarantine });
    }),
  );
  return { views, claimed: previousList === undefined ? undefined : claimed, notes, calls };
}

/** Busy or idle since when, asking the queue only where a drain could follow. */
async function workerActivity(
  queue: QueueClientPort,
  worker: ListedWorker,
  memo: WorkerMemory,
  instance: RunningInstance,
  settings: QueueReadSettings,
  previousList: number | undefined,
  mustAsk: boolean,
  calls: QueueRead['calls'],
): Promise<QueueView> {
  const { now } = settings;
  const firstClaim = Date.parse(worker.firstClaim);
  if (!worker.latestTask) return { kind: 'idle', sinceMs: firstClaim, basis: 'first-claim' };
  if (instance.capacity > 1) return multiSlotActivity(queue, worker, memo, settings, previousList, mustAsk, calls);
  if (memo.resolvedAt !== undefined) return { kind: 'idle', sinceMs: memo.resolvedAt, basis: 'resolved' };
  if (!mustAsk && cannotBeDrainableYet(memo, settings, previousList)) return { kind: 'busy' };
  calls.status += 1;
  let status: TaskStatus;
  try {
    status = await queue.taskStatus(worker.latestTask.taskId);
  } catch (err) {
    return { kind: 'unknown', reason: `the status of its latest task could not be read (${errorMessage(err)})` };
  }
  const run = status.runs.find((r) => r.runId === worker.latestTask?.runId);
  if (!run) return { kind: 'unknown', reason: `the queue shows no run ${worker.latestTask.runId} of its latest task ${worker.latestTask.taskId}` };
  if (run.state === 'running' || run.state === 'pending') {
    memo.checkedRunningAt = now;
    return { kind: 'busy' };
  }
  const resolved = run.resolved ? Date.parse(run.resolved) : now;
  memo.resolvedAt = resolved;
  return { kind: 'idle', sinceMs: resolved, basis: 'resolved' };
}

/**
 * A run claimed since the previous list, or seen running less than the idle minimum ago, cannot
 * have been idle for the minimum by now: it cannot be drained, so the queue is not asked.
 */
function cannotBeDrainableYet(memo: WorkerMemory, settings: QueueReadSettings, previousList: number | undefined): boolean {
  if (memo.checkedRunningAt !== undefined && settings.now - memo.checkedRunningAt < settings.minIdleMs) return true;
  return previousList !== undefined && memo.latestSeenAt > previousList && settings.now - previousList < settings.minIdleMs;
}

/**
 * A worker running several tasks at once is idle only when none of its recent runs is running:
 * its record (getWorker) lists the last RECENT_TASKS runs, each asked until one runs. A worker
 * with a full record may run an older one still: unknown, never drained.
 */
async function multiSlotActivity(
  queue: QueueClientPort,
  worker: ListedWorker,
  memo: WorkerMemory,
  settings: QueueReadSettings,
  previousList: number | undefined,
  mustAsk: boolean,
  calls: QueueRead['calls'],
): Promise<QueueView> {
  if (memo.resolvedAt !== undefined) return { kind: 'idle', sinceMs: memo.resolvedAt, basis: 'resolved' };
  if (!mustAsk && cannotBeDrainableYet(memo, settings, previousList)) return { kind: 'busy' };
  try {
    calls.getWorker += 1;
    const record = await queue.getWorker(settings.provisionerId, settings.workerType, worker.workerGroup, worker.workerId);
    if (record.recentTasks.length >= RECENT_TASKS) {
      return { kind: 'unknown', reason: `it lists ${RECENT_TASKS} recent tasks, so an older one may still run on one of its slots` };
    }
    let lastResolved = Date.parse(worker.firstClaim);
    for (const ref of [...record.recentTasks].reverse()) {
      calls.status += 1;
      const status = await queue.taskStatus(ref.taskId);
      const run = status.runs.find((r) => r.runId === ref.runId);
      if (!run) return { kind: 'unknown', reason: `the queue shows no run ${ref.runId} of its task ${ref.taskId}` };
      if (run.state === 'running' || run.state === 'pending') {
        memo.checkedRunningAt = settings.now;
        return { kind: 'busy' };
      }
      lastResolved = Math.max(lastResolved, run.resolved ? Date.parse(run.resolved) : settings.now);
    }
    memo.resolvedAt = lastResolved;
    return { kind: 'idle', sinceMs: lastResolved, basis: 'resolved' };
  } catch (err) {
    return { kind: 'unknown', reason: `its recent tasks could not be read (${errorMessage(err)})` };
  }
}
