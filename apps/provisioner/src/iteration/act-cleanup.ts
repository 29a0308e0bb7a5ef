/** Act on cleanup decisions: cancel spot requests and terminate instances, batched per region. */
import type { Logger } from 'pino';
import { errorMessage } from '../error-message';
import type { Ec2Port } from '../ec2/port';
import type { ProvisionerMetrics } from '../metrics';
import type { CleanupDecision } from './cleanup';

/** Ids per Terminate/Cancel call: EC2 accepts large batches, but a bounded one keeps a failure's blast radius small. */
export const CLEANUP_BATCH_SIZE = 200;

export interface CleanupOutcome {
  terminated: number;
  cancelled: number;
  errors: string[];
}

export async function executeCleanup(
  ec2: Ec2Port,
  decision: CleanupDecision,
  logger: Logger,
  metrics: ProvisionerMetrics | undefined,
): Promise<CleanupOutcome> {
  const outcome: CleanupOutcome = { terminated: 0, cancelled: 0, errors: [] };
  const regions = new Set([...decision.cancel.map((c) => c.region), ...decision.terminate.map((t) => t.region)]);
  await Promise.all(
    [...regions].map(async (region) => {
      for (const cancel of chunks(decision.cancel.filter((c) => c.region === region))) {
        try {
          await ec2.cancelSpotRequests(region, cancel.map((c) => c.requestId));
          outcome.cancelled += cancel.length;
          for (const c of cancel) {
            metrics?.cleanups.inc({ action: 'cancel', reason: c.reason });
            logger.info(
              { region, workerType: c.workerType, requestId: c.requestId, reason: c.reason, status: c.statusCode },
              'cancelled spot request',
            );
          }
        } catch (err) {
          outcome.errors.push(`${region}: cancelling ${cancel.length} spot requests: ${errorMessage(err)}`);
          logger.error({ region, count: cancel.length, err: errorMessage(err) }, 'cancelling spot requests failed');
        }
      }
      for (const terminate of chunks(decision.terminate.filter((t) => t.region === region))) {
        try {
          await ec2.terminateInstances(region, terminate.map((t) => t.instanceId));
          outcome.terminated += terminate.length;
          for (const t of terminate) {
            metrics?.cleanups.inc({ action: 'terminate', reason: t.reason });
            logger.info({ region, workerType: t.workerType, instanceId: t.instanceId, reason: t.reason }, 'terminated instance');
          }
        } catch (err) {
          outcome.errors.push(`${region}: terminating ${terminate.length} instances: ${errorMessage(err)}`);
          logger.error({ region, count: terminate.length, err: errorMessage(err) }, 'terminating instances failed');
        }
      }
    }),
  );
  return outcome;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CLEANUP_BATCH_SIZE) out.push(items.slice(i, i + CLEANUP_BATCH_SIZE));
  return out;
}
