/**
 * A worker type's decision as a value: its inputs, the capacity change and why, every round,
 * what is unmet and why (one sentence naming pools and filters), cleanup and launch outcomes.
 * The daemon assembles one per worker type each iteration; the API's plan preview assembles
 * one from round 0 alone.
 */
import type { CapacityChange } from '@spot-provisioner/bidding';
import type {
  CapacityDecision,
  CleanupAction,
  DecisionInputs,
  InterruptionRecord,
  LaunchOutcome,
  ScaleDownDecision,
  Unmet,
  WorkerTypeDecision,
  WorkerTypeDefinition,
} from '@spot-provisioner/model';
import { CLASSIC_POLICY, type CapacityInputs } from './demand';
import { describeGroups, poolName } from './rejections';
import { planRound, type RoundPlan, type WorkerTypePlanInput } from './round';

/** Most entries kept per list (launches of a round, outcomes, cleanup): a decision is one DynamoDB item (400 KB). */
export const MAX_DECISION_LIST = 100;

export interface DecisionParts {
  workerType: string;
  decidedAt: Date;
  definition: Pick<WorkerTypeDefinition, 'scalingRatio' | 'minCapacity' | 'maxCapacity'>;
  capacity: CapacityInputs;
  /** null when the queue did not answer. */
  pendingTasks: number | null;
  /** Round 0 first; empty when the worker type failed before planning. */
  rounds: readonly RoundPlan[];
  cleanup?: readonly CleanupAction[];
  /** What act did; absent for a preview (nothing was executed). */
  acted?: { outcomes: readonly LaunchOutcome[]; submittedCapacity: number };
  notes?: readonly string[];
  error?: string | null;
  /** What EC2 said about its instances this iteration (the daemon's interruption queue). */
  interruptions?: readonly InterruptionRecord[];
  /** Scale-down's decision, for worker types with it enabled. */
  scaleDown?: ScaleDownDecision;
}

export function assembleDecision(parts: DecisionParts): WorkerTypeDecision {
  const first = parts.rounds[0];
  const notes = [...(parts.notes ?? [])];
  const inputs: DecisionInputs = {
    pendingTasks: parts.pendingTasks,
    runningCapacity: parts.capacity.runningCapacity,
    pendingCapacity: parts.capacity.pendingCapacity,
    requestedCapacity: parts.capacity.requestedCapacity,
    ...(parts.capacity.leavingCapacity ? { leavingCapacity: parts.capacity.leavingCapacity } : {}),
    scalingRatio: parts.definition.scalingRatio,
    minCapacity: parts.definition.minCapacity,
    maxCapacity: parts.definition.maxCapacity,
    policy: first?.demand.policy ?? CLASSIC_POLICY,
    ...(parts.capacity.drainingCapacity ? { drainingCapacity: parts.capacity.drainingCapacity } : {}),
    ...(first?.demand.bootMargin ? { bootMargin: first.demand.bootMargin } : {}),
  };
  const capacity = first ? capacityDecision(inputs, first.demand.change) : unplanned(inputs, parts.error ?? null);
  const unmet = unmetOf(parts, capacity.change);
  const error = parts.error ?? null;
  return {
    workerType: parts.workerType,
    decidedAt: parts.decidedAt.toISOString(),
    status: error !== null ? 'error' : unmet ? 'unmet' : cappedByMax(capacity, inputs.pendingTasks) ? 'capped' : 'met',
    inputs,
    capacity,
    rounds: parts.rounds.map(({ record }) => ({
      ...record,
      launches: bounded(record.launches, `round ${record.round} launches`, notes),
      ...(record.pools ? { pools: bounded(record.pools, `round ${record.round} weighed pools`, notes) } : {}),
    })),
    unmet,
    cleanup: bounded(parts.cleanup ?? [], 'cleanup actions', notes),
    outcomes: bounded(parts.acted?.outcomes ?? [], 'launch outcomes', notes),
    notes,
    error,
    // absent when EC2 said nothing, as in decisions recorded before interruptions were heard
    ...(parts.interruptions?.length ? { interruptions: bounded(parts.interruptions, 'interruption notices', notes) } : {}),
    ...(parts.scaleDown ? { scaleDown: boundedScaleDown(parts.scaleDown, notes) } : {}),
  };
}

/** Scale-down's lists bounded like the others (a decision is one DynamoDB item). */
function boundedScaleDown(decision: ScaleDownDecision, notes: string[]): ScaleDownDecision {
  return { ...decision, actions: bounded(decision.actions, 'drain actions', notes), kept: bounded(decision.kept, 'instances kept', notes) };
}

/** What the next iteration would decide for a worker type now (round 0; nothing acted). */
export function previewDecision(
  workerType: string,
  input: WorkerTypePlanInput,
  decidedAt: Date,
  notes: readonly string[] = [],
): WorkerTypeDecision {
  return assembleDecision({
    workerType,
    decidedAt,
    definition: input.definition,
    capacity: input.capacity,
    pendingTasks: input.pendingTasks,
    rounds: [planRound(input, 0)],
    notes,
  });
}

/**
 * At maxCapacity with tasks still pending: maxCapacity cut the change below what the demand
 * policy asked for, and that ask was for more capacity (not a surplus clipped further).
 */
function cappedByMax(capacity: Pick<CapacityDecision, 'change' | 'unboundedChange' | 'bounded'>, pendingTasks: number | null): boolean {
  return capacity.bounded === 'max' && capacity.unboundedChange > Math.max(capacity.change, 0) && (pendingTasks ?? 0) > 0;
}

function capacityDecision(inputs: DecisionInputs, change: CapacityChange): CapacityDecision {
  return {
    change: change.change,
    unboundedChange: change.unboundedChange,
    bounded: change.bounded,
    headroom: change.headroom,
    explanation: explainChange(inputs, change),
  };
}

/** "5 pending tasks − 1 capacity on its way − 0 left to queue (scalingRatio 0 × 2 running) = 4." */
export function explainChange(inputs: DecisionInputs, change: CapacityChange): string {
  const onItsWay = inputs.pendingCapacity + inputs.requestedCapacity;
  const pending = inputs.pendingTasks ?? 0;
  const leaving = inputs.leavingCapacity ? ` + ${inputs.leavingCapacity} capacity going away (its tasks come back)` : '';
  const lifted = Math.min(pending, inputs.drainingCapacity ?? 0);
  const liftedPart = lifted > 0 ? ` − ${lifted} for workers quarantined to drain (their quarantine is lifted)` : '';
  const marginPart = inputs.bootMargin
    ? ` + ${inputs.bootMargin} boot margin (for the tasks arriving while they boot: the first instances up take the tasks; scale-down drains the rest)`
    : '';
  let sentence =
    `${pending} pending tasks${liftedPart}${marginPart}${leaving} − ${onItsWay} capacity on its way − ${change.desiredPending} tasks left to queue ` +
    `(scalingRatio ${inputs.scalingRatio} × ${inputs.runningCapacity} running) = ${change.unboundedChange}`;
  if (change.bounded === 'max') sentence += `, cut to ${change.change} to stay within maxCapacity ${inputs.maxCapacity}`;
  if (change.bounded === 'min') sentence += `, raised to ${change.change} to reach minCapacity ${inputs.minCapacity}`;
  if (change.change < 0) sentence += ' (a surplus: nothing is terminated for it)';
  return `${sentence}.`;
}

function unplanned(inputs: DecisionInputs, error: string | null): CapacityDecision {
  const existing = inputs.runningCapacity + inputs.pendingCapacity + inputs.requestedCapacity;
  return {
    change: 0,
    unboundedChange: 0,
    bounded: null,
    headroom: Math.max(0, inputs.maxCapacity - existing),
    explanation: `Nothing was planned${error ? `: ${error}` : ''}.`,
  };
}

function unmetOf(parts: DecisionParts, change: number): Unmet | null {
  const last = parts.rounds.at(-1);
  if (!last) return null;
  const notPlaced = last.placement.unmet;
  const capacity = parts.acted ? Math.max(notPlaced, change - parts.acted.submittedCapacity) : notPlaced;
  if (capacity <= 0) return null;
  const causes = describeGroups(last.record.rejected);
  const refused = new Map<string, string>();
  for (const outcome of parts.acted?.outcomes ?? []) {
    if (outcome.outcome === 'refused') refused.set(poolName(outcome), `EC2 refused ${poolName(outcome)} (${outcome.code ?? 'capacity'})`);
  }
  causes.push(...refused.values());
  if (causes.length === 0) causes.push('no pool is left to try (the worker type lists no instance types or regions)');
  const units = capacity === 1 ? 'capacity unit' : 'capacity units';
  return { capacity, reason: `${capacity} ${units} unmet: ${causes.join('; ')}.` };
}

function bounded<T>(items: readonly T[], what: string, notes: string[]): T[] {
  if (items.length <= MAX_DECISION_LIST) return [...items];
  notes.push(`${items.length - MAX_DECISION_LIST} further ${what} are not listed (${items.length} in all).`);
  return items.slice(0, MAX_DECISION_LIST);
}
