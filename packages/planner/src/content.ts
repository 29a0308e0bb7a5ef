/** What makes two decisions the same: everything but the time they were made. */
import { canonicalJson } from '@spot-provisioner/model/canonical';
import type { WorkerTypeDecision } from '@spot-provisioner/model';

/** Key-order-independent JSON of a decision without `decidedAt`, for "is it unchanged?". */
export function decisionContent(decision: WorkerTypeDecision): string {
  const { decidedAt: _decidedAt, ...rest } = decision;
  return canonicalJson(rest);
}
