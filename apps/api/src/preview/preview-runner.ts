/**
 * What a plan preview computes, apart from where it runs: the launch-spec rules for an edited
 * definition, then the planner's decision. Pure and structured-clone friendly, so the API can
 * run it in a worker thread (preview-pool.ts) and keep its event loop for other requests.
 */
import { launchSpecViolations } from '@spot-provisioner/launch-spec';
import {
  WorkerTypeDefinitionSchema,
  type CapacitySummary,
  type MarketSnapshot,
  type PlanPreviewResponse,
  type WorkerTypeDecision,
  type WorkerTypeDefinition,
} from '@spot-provisioner/model';
import { planPreview } from '@spot-provisioner/planner';
import { jsonPath } from '../http/json-path';

export interface PreviewJob {
  readonly workerType: string;
  /** The stored definition, or an edited one as the body held it (not validated yet). */
  readonly definition: WorkerTypeDefinition | unknown;
  /** An edited definition (from the body) is validated as createWorkerType validates it, then checked against the launch-spec rules. */
  readonly edited: boolean;
  readonly managedRegions: readonly string[];
  readonly markets: readonly MarketSnapshot[];
  readonly capacity: Pick<CapacitySummary, 'runningCapacity' | 'pendingCapacity' | 'requestedCapacity'> | null;
  readonly lastDecision: Pick<WorkerTypeDecision, 'decidedAt' | 'inputs'> | null;
  /** ISO time of the preview. */
  readonly now: string;
}

export type PreviewOutcome =
  | { readonly kind: 'preview'; readonly response: PlanPreviewResponse }
  /** The body is not a definition: every reason, each starting with its JSON path, as Fastify's validation words them. */
  | { readonly kind: 'invalid-body'; readonly reasons: readonly string[] }
  /** A definition that cannot be launched (the launch-spec rules). */
  | { readonly kind: 'invalid'; readonly reasons: readonly string[] };

export interface PreviewRunner {
  run(job: PreviewJob): Promise<PreviewOutcome>;
  /** Ends any thread it started. */
  close(): Promise<void>;
}

export function computePreview(job: PreviewJob): PreviewOutcome {
  let definition = job.definition as WorkerTypeDefinition;
  if (job.edited) {
    const parsed = WorkerTypeDefinitionSchema.safeParse(job.definition);
    if (!parsed.success) {
      return { kind: 'invalid-body', reasons: parsed.error.issues.map((issue) => `body${jsonPath(issue.path.length ? `/${issue.path.join('/')}` : '')}: ${issue.message}`) };
    }
    definition = parsed.data;
    const reasons = launchSpecViolations(definition);
    if (reasons.length > 0) return { kind: 'invalid', reasons };
  }
  const response = planPreview({
    workerType: job.workerType,
    definition,
    managedRegions: job.managedRegions,
    markets: job.markets,
    capacity: job.capacity,
    lastDecision: job.lastDecision,
    now: new Date(job.now),
  });
  return { kind: 'preview', response };
}
