/**
 * Scale-down's act for one worker type: the drain decision's actions, in order. A quarantine is
 * a queue write (the worker is given no new task until it ends); a termination an EC2 call; a
 * lift sets the quarantine's end to now. Each result updates the drains in progress; a failure
 * leaves things as they were (the next iteration decides again) and is reported.
 */
import type { DrainAction } from '@spot-provisioner/model';
import type { Ec2Port } from '../ec2/port';
import { errorMessage } from '../error-message';
import { isQueueNotFound } from '../queue/errors';
import type { QueueClientPort } from '../queue/queue-client';
import type { ScaleDownMemory } from './memory';

/**
 * A quarantine ends by itself after this long: the next iteration or two terminate the instance
 * well within it, and a drain a restarted daemon forgets strands its worker for minutes only.
 */
export const QUARANTINE_HOLD_MS = 10 * 60_000;

export interface DrainOutcome {
  action: DrainAction;
  ok: boolean;
  /** What failed, for the log and the decision's notes. */
  error?: string;
}

export interface DrainActContext {
  queue: QueueClientPort;
  ec2: Pick<Ec2Port, 'terminateInstances'>;
  memory: ScaleDownMemory;
  provisionerId: string;
  workerType: string;
  now: number;
}

/** Quarantines (or lifts the quarantine of) one worker: the small reusable call (interruption handling may use it too). */
export async function setQuarantine(
  queue: Pick<QueueClientPort, 'quarantineWorker'>,
  provisionerId: string,
  workerType: string,
  instance: { region: string; instanceId: string },
  untilMs: number,
): Promise<'set' | 'unknown-worker'> {
  try {
    await queue.quarantineWorker(provisionerId, workerType, instance.region, instance.instanceId, new Date(untilMs));
    return 'set';
  } catch (err) {
    if (isQueueNotFound(err)) return 'unknown-worker';
    throw err;
  }
}

export async function executeDrains(ctx: DrainActContext, actions: readonly DrainAction[]): Promise<DrainOutcome[]> {
  const drains = ctx.memory.drainsOf(ctx.workerType);
  const workers = ctx.memory.workersOf(ctx.workerType);
  const outcomes: DrainOutcome[] = [];
  const attempt = async (action: DrainAction, work: () => Promise<void>) => {
    try {
      await work();
      outcomes.push({ action, ok: true });
    } catch (err) {
      outcomes.push({ action, ok: false, error: `${action.action} ${action.instanceId}: ${errorMessage(err)}` });
    }
  };
  const instance = (a: DrainAction) => ({ region: a.region, instanceId: a.instanceId });

  for (const action of actions) {
    if (action.action === 'quarantine') {
      await attempt(action, async () => {
        const result = await setQuarantine(ctx.queue, ctx.provisionerId, ctx.workerType, instance(action), ctx.now + QUARANTINE_HOLD_MS);
        drains.set(action.instanceId, {
          instanceId: action.instanceId,
          region: action.region,
          quarantinedAt: ctx.now,
          latestAtQuarantine: workers.get(`${action.region}/${action.instanceId}`)?.latest,
          unknownToQueue: result === 'unknown-worker',
        });
      });
    } else if (action.action === 'lift') {
      await attempt(action, async () => {
        const drain = drains.get(action.instanceId);
        if (!drain?.unknownToQueue) await setQuarantine(ctx.queue, ctx.provisionerId, ctx.workerType, instance(action), ctx.now);
        drains.delete(action.instanceId);
      });
    }
  }
  // terminations last, one EC2 call per region
  const byRegion = new Map<string, DrainAction[]>();
  for (const action of actions) if (action.action === 'terminate') byRegion.set(action.region, [...(byRegion.get(action.region) ?? []), action]);
  for (const [region, list] of byRegion) {
    try {
      await ctx.ec2.terminateInstances(region, list.map((a) => a.instanceId));
      // its worker record stays in memory while the queue still lists it (else its last task would read as a new claim)
      for (const action of list) {
        drains.delete(action.instanceId);
        outcomes.push({ action, ok: true });
      }
    } catch (err) {
      for (const action of list) outcomes.push({ action, ok: false, error: `terminate ${action.instanceId}: ${errorMessage(err)}` });
    }
  }
  return outcomes;
}
