/**
 * Turns a recorded decision (or a plan preview) into what the worker type page shows: the
 * pools chosen, the pools refused grouped by the filter that refused them, and one sentence
 * about unmet capacity. Pure, so the grouping is tested without a browser.
 */
import type { ConsideredPool, PlannedLaunch, RejectionGroup, WorkerTypeDecision } from '@spot-provisioner/model';
import { plural } from './format';

type Filter = RejectionGroup['filter'];

/** packages/bidding's filter order, with words an operator reads. */
export const FILTER_LABELS: Readonly<Record<Filter, string>> = {
  'region-not-managed': 'Region not managed by this provisioner',
  'zone-unknown': 'Zone unknown to EC2',
  'zone-not-configured': 'Zone not configured for the worker type',
  'zone-not-available': 'Zone not available',
  'recently-unavailable': 'Recently out of capacity',
  'rebalance-recommended': 'EC2 recommended rebalancing away',
  'no-price': 'No known price',
  'above-max-price': 'Above the worker type’s maxPrice',
  'above-ceiling': 'Above the price ceiling',
};
const FILTER_ORDER = Object.keys(FILTER_LABELS) as Filter[];

export interface RejectionView {
  readonly filter: Filter;
  readonly label: string;
  readonly count: number;
  readonly summaries: readonly string[];
  readonly examples: RejectionGroup['examples'];
}

/**
 * Rejections of every round merged by filter, in the order the filters run. A pool refused
 * again in a re-plan counts once per round, as the daemon reported it.
 */
export function rejectionsByFilter(decision: WorkerTypeDecision, maxExamples = 5): RejectionView[] {
  const byFilter = new Map<Filter, { count: number; summaries: string[]; examples: RejectionGroup['examples'][number][] }>();
  for (const round of decision.rounds) {
    for (const group of round.rejected) {
      const entry = byFilter.get(group.filter) ?? { count: 0, summaries: [], examples: [] };
      entry.count += group.count;
      if (group.summary && !entry.summaries.includes(group.summary)) entry.summaries.push(group.summary);
      for (const example of group.examples) if (entry.examples.length < maxExamples) entry.examples.push(example);
      byFilter.set(group.filter, entry);
    }
  }
  return FILTER_ORDER.flatMap((filter) => {
    const entry = byFilter.get(filter);
    return entry ? [{ filter, label: FILTER_LABELS[filter], ...entry }] : [];
  });
}

export interface ChosenPool extends PlannedLaunch {
  readonly round: number;
}

/** Every planned launch of every round, cheapest per unit of utility first. */
export function chosenPools(decision: WorkerTypeDecision): ChosenPool[] {
  return decision.rounds
    .flatMap((round) => round.launches.map((launch) => ({ ...launch, round: round.round })))
    .sort((a, b) => a.pricePerUtility - b.pricePerUtility || a.round - b.round);
}

/** Capacity pending tasks want beyond what maxCapacity lets the daemon add. */
export function cappedUnits(decision: WorkerTypeDecision): number {
  return Math.max(0, decision.capacity.unboundedChange - Math.max(decision.capacity.change, 0));
}

function cappedSentence(decision: WorkerTypeDecision): string {
  return `At maxCapacity ${decision.inputs.maxCapacity}: ${plural(cappedUnits(decision), 'more unit')} wanted by pending tasks may not be added. Raise maxCapacity to place them.`;
}

/** One sentence about what was not placed, or that nothing is missing. */
export function unmetSentence(decision: WorkerTypeDecision): string {
  if (decision.status === 'error') return `This iteration failed for the worker type: ${decision.error ?? 'no detail recorded'}.`;
  if (decision.unmet) return `${plural(decision.unmet.capacity, 'unit')} of capacity unmet: ${decision.unmet.reason}`;
  if (decision.status === 'capped') return cappedSentence(decision);
  if (decision.capacity.change <= 0) return 'No capacity was needed.';
  return `All ${plural(decision.capacity.change, 'unit')} of capacity needed were placed.`;
}

/** Each status has its own colour; `capped` is not `met`: tasks wait for a limit an operator set. */
export type StatusTone = 'ok' | 'capped' | 'warn' | 'bad' | 'none';

/** The overview's status cell: a short label, a tone, and the longer reason for a tooltip/line. */
export function decisionStatus(decision: WorkerTypeDecision | null | undefined): { label: string; tone: StatusTone; detail: string } {
  if (!decision) return { label: 'no decision yet', tone: 'none', detail: 'The daemon has not recorded a decision for this worker type yet.' };
  if (decision.status === 'met') return { label: 'met', tone: 'ok', detail: decision.capacity.explanation };
  if (decision.status === 'capped') return { label: 'capped', tone: 'capped', detail: cappedSentence(decision) };
  if (decision.status === 'unmet') {
    return { label: `unmet ${decision.unmet?.capacity ?? ''}`.trim(), tone: 'warn', detail: decision.unmet?.reason ?? decision.capacity.explanation };
  }
  return { label: 'error', tone: 'bad', detail: decision.error ?? 'the iteration failed for this worker type' };
}

/** The pools the first round weighed, best score first, when placement ranked them with learned interruption rates. */
export function weighedPools(decision: WorkerTypeDecision): ConsideredPool[] {
  const pools = decision.rounds[0]?.pools ?? [];
  return pools.some((pool) => pool.interruptionRate !== null) ? pools : [];
}

/** "0.25/h", or "—" without a rate. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Number(rate.toPrecision(2))}/h`;
}

/** "+25.0%" of the price per utility. */
export function formatPenalty(penalty: number): string {
  return `+${(penalty * 100).toFixed(1)}%`;
}

const EFFECTS: Record<NonNullable<WorkerTypeDecision['interruptions']>[number]['effect'], string> = {
  'capacity-gone': 'counted as gone and replaced',
  'replaced-proactively': 'replaced in another pool (rebalance)',
  recorded: 'recorded only',
};

/** One line per interruption warning, rebalance recommendation or state change heard this iteration. */
export function interruptionItems(decision: WorkerTypeDecision): { key: string; text: string }[] {
  return (decision.interruptions ?? []).map((i) => ({
    key: `${i.instanceId}-${i.kind}`,
    text: `${i.kind.replace(/-/g, ' ')}${i.state ? ` (${i.state})` : ''}: ${i.instanceId}, ${i.instanceType} in ${i.availabilityZone}, ${EFFECTS[i.effect]}`,
  }));
}
