/**
 * A decision (recorded or previewed) as text: a list of sections printed in order, each its
 * own small function, and the launches as a table of named columns. A new part of the
 * decision (drains, a pool's interruption rate) is one more section or one more column.
 */
import type { ConsideredPool, PlannedLaunch, WorkerTypeDecision } from '@spot-provisioner/model';
import { price, tableOf, type Column } from '../output';
import { renderScaleDown } from './scale-down-view';

/** A part of the decision: its lines, or none to leave it out. */
type Section = (decision: WorkerTypeDecision) => string[];

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const units = (n: number) => `${n} capacity unit${n === 1 ? '' : 's'}`;

/**
 * What one instance of a pool may cost at most: spot submits the worker type's maxPrice
 * (per unit of utility) × the instance type's utility; on-demand pays the list price.
 */
function maxPricePerInstance(launch: PlannedLaunch): string {
  if (launch.market !== 'spot') return `${price(launch.maxPrice)} (on-demand price)`;
  return `${price(launch.maxPrice)} = ${price(launch.maxPrice / launch.utility)} × ${launch.utility}`;
}

export const LAUNCH_COLUMNS: readonly Column<PlannedLaunch>[] = [
  { header: 'MARKET', cell: (l) => l.market },
  { header: 'ZONE', cell: (l) => l.availabilityZone },
  { header: 'INSTANCE TYPE', cell: (l) => l.instanceType },
  { header: 'COUNT', cell: (l) => l.count },
  { header: 'CAPACITY', cell: (l) => l.capacity },
  { header: 'UTILITY', cell: (l) => l.utility },
  { header: 'PRICE $/H', cell: (l) => price(l.price) },
  { header: '$/H PER UTILITY', cell: (l) => price(l.pricePerUtility) },
  { header: 'MAX $/H PER INSTANCE', cell: maxPricePerInstance },
];

/** Every pool a round weighed, with its learned interruption rate: what ranked it where. */
export const WEIGHED_POOL_COLUMNS: readonly Column<ConsideredPool>[] = [
  { header: 'MARKET', cell: (p) => p.market },
  { header: 'ZONE', cell: (p) => p.availabilityZone },
  { header: 'INSTANCE TYPE', cell: (p) => p.instanceType },
  { header: '$/H PER UTILITY', cell: (p) => price(p.pricePerUtility) },
  { header: 'INTERRUPTIONS/H', cell: (p) => (p.interruptionRate === null ? null : price(p.interruptionRate)) },
  { header: 'PENALTY', cell: (p) => `+${(p.riskPenalty * 100).toFixed(1)}%` },
  { header: 'SCORE', cell: (p) => price(p.score) },
  { header: 'LAUNCHES', cell: (p) => p.launches },
];

/** Printed under a launches table: the units, once. */
export const PRICE_LEGEND = "USD per hour per instance; MAX = the definition's maxPrice (per unit of utility) × utility";

const heading: Section = (d) => [`${d.workerType}: ${d.status} (decided ${d.decidedAt})`];

const inputs: Section = ({ inputs: i }) => [
  `inputs:   pending tasks ${i.pendingTasks ?? 'unknown (queue did not answer)'}, running ${i.runningCapacity}, ` +
    `pending ${i.pendingCapacity}, requested ${i.requestedCapacity}; min ${i.minCapacity}, max ${i.maxCapacity}, ` +
    `scaling ratio ${i.scalingRatio} (policy ${i.policy})${i.leavingCapacity ? `; going away ${i.leavingCapacity}` : ''}`,
];

const change: Section = ({ capacity: c }) => [
  `change:   ${signed(c.change)}${c.bounded ? ` (clipped by ${c.bounded}; unbounded ${signed(c.unboundedChange)})` : ''}, headroom ${c.headroom}`,
  `          ${c.explanation}`,
];

const capped: Section = (d) => {
  if (d.status !== 'capped') return [];
  const wanted = d.capacity.unboundedChange - Math.max(d.capacity.change, 0);
  return [`capped:   at maxCapacity ${d.inputs.maxCapacity}, ${units(wanted)} wanted by pending tasks may not be added (raise maxCapacity to place them)`];
};

const rounds: Section = (d) =>
  d.rounds.flatMap((round) => {
    const lines = ['', `round ${round.round}: placed ${round.placedCapacity}, unmet ${round.unmet}`];
    if (round.launches.length > 0) lines.push(indent(tableOf(LAUNCH_COLUMNS, round.launches)), `  (${PRICE_LEGEND})`);
    // only when placement ranked with learned rates: price-only, the score is the price per utility
    if (round.pools?.some((p) => p.interruptionRate !== null)) {
      lines.push('  weighed (score = $/h per utility × (1 + interruptions/h × lost work), lowest first):', indent(indent(tableOf(WEIGHED_POOL_COLUMNS, round.pools))));
    }
    for (const group of round.rejected) {
      lines.push(`  rejected by ${group.filter}: ${group.count} pool${group.count === 1 ? '' : 's'}: ${group.summary}`);
      for (const example of group.examples) {
        lines.push(`    e.g. ${example.market} ${example.availabilityZone ?? example.region} ${example.instanceType}: ${example.reason}`);
      }
    }
    return lines;
  });

const unmet: Section = (d) => (d.unmet ? ['', `unmet:    ${d.unmet.capacity}: ${d.unmet.reason}`] : []);

const interruptions: Section = (d) =>
  d.interruptions?.length
    ? ['', 'interruptions:', ...d.interruptions.map((i) => `  ${i.kind}${i.state ? ` (${i.state})` : ''} ${i.instanceId} ${i.instanceType} in ${i.availabilityZone} at ${i.at}: ${i.effect}`)]
    : [];

const outcomes: Section = (d) =>
  d.outcomes.length === 0
    ? []
    : [
        '',
        'launch outcomes:',
        ...d.outcomes.map((o) => {
          const detail = o.instanceId ?? [o.code, o.message].filter(Boolean).join(': ');
          return `  ${o.outcome} ${o.market} ${o.availabilityZone} ${o.instanceType}${detail ? `: ${detail}` : ''}`;
        }),
      ];

const cleanup: Section = (d) =>
  d.cleanup.length === 0 ? [] : ['', 'cleanup:', ...d.cleanup.map((c) => `  ${c.action} ${c.id} in ${c.region} (${c.reason}): ${c.detail}`)];

const scaleDown: Section = (d) => renderScaleDown(d.scaleDown);

const notes: Section = (d) => (d.notes.length === 0 ? [] : ['', 'notes:', ...d.notes.map((note) => `  - ${note}`)]);

const error: Section = (d) => (d.error ? ['', `error:    ${d.error}`] : []);

/** The sections in print order. */
export const DECISION_SECTIONS: readonly Section[] = [heading, inputs, change, capped, rounds, unmet, interruptions, outcomes, cleanup, scaleDown, notes, error];

export function renderDecision(decision: WorkerTypeDecision): string {
  return `${DECISION_SECTIONS.flatMap((section) => section(decision)).join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
