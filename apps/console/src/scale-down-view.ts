/**
 * Scale-down's part of a decision as the worker type page shows it: each drain step with its
 * reason, and the instances kept grouped by why (busy ones only counted). Pure, tested without a browser.
 */
import type { DrainRefusal, ScaleDownDecision } from '@spot-provisioner/model';

/** The reasons an instance was kept, in words an operator reads, in the order they are listed. */
export const KEPT_LABELS: Readonly<Record<DrainRefusal, string>> = {
  'keep-warm': 'Kept warm for expected tasks',
  'recently-idle': 'Idle too briefly',
  'pending-tasks': 'Needed by pending tasks',
  'min-capacity': 'Needed for minCapacity',
  budget: 'Disruption budget spent',
  settling: 'Quarantine settling',
  booting: 'Not in the queue yet',
  'quarantined-elsewhere': 'Quarantined by someone else',
  unknown: 'State unknown',
  'no-forecast': 'No forecast yet',
  busy: 'Running a task',
};

export const STEP_LABELS: Readonly<Record<ScaleDownDecision['actions'][number]['action'], string>> = {
  quarantine: 'Quarantined (no new task)',
  terminate: 'Terminated',
  lift: 'Drain called off',
};

export interface KeptGroup {
  readonly reason: DrainRefusal;
  readonly label: string;
  readonly count: number;
  /** Empty for busy instances: a count says enough. */
  readonly instances: readonly { instanceId: string; region: string; detail: string }[];
}

export function keptGroups(decision: ScaleDownDecision): KeptGroup[] {
  return (Object.keys(KEPT_LABELS) as DrainRefusal[]).flatMap((reason) => {
    const kept = decision.kept.filter((k) => k.reason === reason);
    if (kept.length === 0) return [];
    return [{ reason, label: KEPT_LABELS[reason], count: kept.length, instances: reason === 'busy' ? [] : kept }];
  });
}
