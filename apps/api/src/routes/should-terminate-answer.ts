/**
 * The should-terminate extension's answer (pure): from a worker type's last decision, whether
 * one instance should shut itself down and why, as Taskcluster worker-manager's
 * shouldWorkerTerminate answers a worker that checks before idling out.
 */
import type { WorkerTypeDecision } from '@spot-provisioner/model';
import { z } from 'zod';

export const ShouldTerminateResponseSchema = z
  .strictObject({
    terminate: z.boolean().describe('true: the provisioner is draining or terminating this instance; shut down when idle'),
    reason: z.string().describe('One sentence from the last decision'),
  })
  .meta({ id: 'ShouldTerminate', description: "Whether an instance should shut itself down, from the provisioner's last decision" });
export type ShouldTerminateResponse = z.infer<typeof ShouldTerminateResponseSchema>;

export function shouldTerminate(decision: WorkerTypeDecision | undefined, instanceId: string): ShouldTerminateResponse {
  if (!decision) return { terminate: false, reason: 'the provisioner has not decided about this worker type yet' };
  const at = `decision of ${decision.decidedAt}`;
  const cleanup = decision.cleanup.find((c) => c.action === 'terminate' && c.id === instanceId);
  if (cleanup) return { terminate: true, reason: `terminated by the provisioner (${cleanup.reason}): ${cleanup.detail} (${at})` };
  const action = decision.scaleDown?.actions.find((a) => a.instanceId === instanceId);
  if (action?.action === 'quarantine') return { terminate: true, reason: `scale-down is draining it: ${action.reason} (${at})` };
  if (action?.action === 'terminate') return { terminate: true, reason: `scale-down terminated it: ${action.reason} (${at})` };
  if (action?.action === 'lift') return { terminate: false, reason: `its drain was called off: ${action.reason} (${at})` };
  const kept = decision.scaleDown?.kept.find((k) => k.instanceId === instanceId);
  if (kept) return { terminate: false, reason: `kept (${kept.reason}): ${kept.detail} (${at})` };
  if (!decision.scaleDown) return { terminate: false, reason: `scale-down is off for ${decision.workerType}: instances stop by their own idle timeout (${at})` };
  return { terminate: false, reason: `the ${at} does not name this instance (not running then, or listed beyond the decision's bounds)` };
}
