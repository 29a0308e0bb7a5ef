/**
 * What a plan preview computes, apart from where it runs: the launch-spec rules for an edited
 * definition, then the planner's decision. Pure and structured-clone friendly, so the API can
 * run it in a worker thread (preview-pool.ts) and keep its event loop for other requests.
 */
import { launchSpecViolations } from '@spot-provisioner/launch-spec';
import type { CapacitySummary, MarketSnapshot, PlanPreviewResponse, WorkerTypeDecision, WorkerTypeDefinition } from '@spot-provisioner/model';
import { planPreview } from '@spot-provisioner/planner';

export interface PreviewJob {
  readonly workerType: string;
  readonly definition: WorkerTypeDefinition;
  /** An edited definition (from the body) is checked against the launch-spec rules first. */
  readonly checkLaunchSpecs: boolean;
  readonly managedRegions: readonly string[];
  readonly markets: readonly MarketSnapshot[];
  readonly capacity: Pick<CapacitySummary, 'runningCapacity' | 'pendingCapacity' | 'requestedCapacity'> | null;
  readonly lastDecision: Pick<WorkerTypeDecision, 'decidedAt' | 'inputs'> | null;
  /** ISO time of the preview. */
  readonly now: string;
}

export type PreviewOutcome =
  | { readonly kind: 'preview'; readonly response: PlanPreviewResponse }
  | { readonly kind: 'invalid'; readonly reasons: readonly string[] };

export interface PreviewRunner {
  run(job: PreviewJob): Promise<PreviewOutcome>;
  /** Ends any thread it started. */
  close(): Promise<void>;
}

export function computePreview(job: PreviewJob): PreviewOutcome {
  if (job.checkLaunchSpecs) {
    const reasons = launchSpecViolations(job.definition);
    if (reasons.length > 0) return { kind: 'invalid', reasons };
  }
  const response = planPreview({
    workerType: job.workerType,
    definition: job.definition,
    managedRegions: job.managedRegions,
    markets: job.markets,
    capacity: job.capacity,
    lastDecision: job.lastDecision,
    now: new Date(job.now),
  });
  return { kind: 'preview', response };
}
