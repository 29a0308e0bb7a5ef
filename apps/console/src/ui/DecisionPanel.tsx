import type { WorkerTypeDecision } from '@spot-provisioner/model';
import type { ConsideredPool } from '@spot-provisioner/model';
import {
  chosenPools,
  decisionStatus,
  formatPenalty,
  formatRate,
  interruptionItems,
  rejectionsByFilter,
  unmetSentence,
  weighedPools,
  type ChosenPool,
} from '../decision-view';
import { formatPrice, formatRelative, plural } from '../format';
import { DataTable, type Column } from './DataTable';

/** Prices are USD per hour per instance; a new column (a pool's interruption rate, say) is one more entry. */
const CHOSEN_POOL_COLUMNS: readonly Column<ChosenPool>[] = [
  {
    header: 'Pool',
    cell: (pool) => (
      <>
        {pool.instanceType} in {pool.availabilityZone}
        {pool.round > 0 && <small class="muted"> (re-plan {pool.round})</small>}
      </>
    ),
  },
  { header: 'Market', cell: (pool) => pool.market },
  { header: 'Count', numeric: true, cell: (pool) => pool.count },
  { header: 'Utility', numeric: true, cell: (pool) => pool.utility },
  { header: 'Price $/h', numeric: true, title: 'USD per hour per instance in this pool now', cell: (pool) => formatPrice(pool.price) },
  { header: '$/h ÷ utility', numeric: true, title: 'What pools are ranked by: the cheapest per unit of utility first', cell: (pool) => formatPrice(pool.pricePerUtility) },
  {
    header: 'Max $/h per instance',
    numeric: true,
    title: 'The most EC2 may charge per hour for one instance: the definition’s maxPrice (per unit of utility) × utility; on-demand pays its list price',
    cell: (pool) => (pool.market === 'spot' ? `${formatPrice(pool.maxPrice)} = ${formatPrice(pool.maxPrice / pool.utility)} × ${pool.utility}` : formatPrice(pool.maxPrice)),
  },
];

/** Every pool placement weighed, with its learned interruption rate: what ranked it where. */
const WEIGHED_POOL_COLUMNS: readonly Column<ConsideredPool>[] = [
  {
    header: 'Pool',
    cell: (pool) => (
      <>
        {pool.instanceType} in {pool.availabilityZone} <small class="muted">({pool.market})</small>
      </>
    ),
  },
  { header: '$/h ÷ utility', numeric: true, cell: (pool) => formatPrice(pool.pricePerUtility) },
  { header: 'Interruptions', numeric: true, title: 'Spot interruptions per instance-hour the daemon learned for this pool', cell: (pool) => formatRate(pool.interruptionRate) },
  { header: 'Penalty', numeric: true, title: 'Interruptions per hour × the work an interruption loses, added to the price per utility', cell: (pool) => formatPenalty(pool.riskPenalty) },
  { header: 'Score', numeric: true, title: 'What placement ranks by, lowest first: $/h ÷ utility × (1 + penalty)', cell: (pool) => formatPrice(pool.score) },
  { header: 'Launches', numeric: true, cell: (pool) => pool.launches },
];

/** A decision explained: the change, the pools chosen, the pools refused by filter, unmet capacity. */
export function DecisionPanel({ decision, now, heading }: { decision: WorkerTypeDecision; now: Date; heading: string }) {
  const status = decisionStatus(decision);
  const chosen = chosenPools(decision);
  const rejected = rejectionsByFilter(decision);
  const weighed = weighedPools(decision);
  const interruptions = interruptionItems(decision);
  return (
    <section class="decision" aria-label={heading}>
      <h3>
        {heading} <span class={`pill tone-${status.tone}`}>{status.label}</span>
        <small class="muted"> decided {formatRelative(decision.decidedAt, now)}</small>
      </h3>
      <p class="unmet-sentence">{unmetSentence(decision)}</p>
      <p class="muted">{decision.capacity.explanation}</p>
      {decision.notes.length > 0 && (
        <ul class="notes">
          {decision.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <h4>Chosen pools</h4>
      {chosen.length === 0 ? (
        <p class="muted">No launch planned.</p>
      ) : (
        <DataTable rows={chosen} columns={CHOSEN_POOL_COLUMNS} rowKey={(pool) => `${pool.round}-${pool.availabilityZone}-${pool.instanceType}-${pool.market}`} label="Chosen pools" />
      )}
      {weighed.length > 0 && (
        <details class="weighed">
          <summary>
            <strong>Weighed pools</strong>: {plural(weighed.length, 'pool')}, ranked by $/h ÷ utility × (1 + interruptions per hour × work lost)
          </summary>
          <DataTable rows={weighed} columns={WEIGHED_POOL_COLUMNS} rowKey={(pool) => `${pool.market}-${pool.availabilityZone}-${pool.instanceType}`} label="Weighed pools" />
        </details>
      )}
      {interruptions.length > 0 && (
        <>
          <h4>Interruptions</h4>
          <ul class="interruptions">
            {interruptions.map((item) => (
              <li key={item.key}>{item.text}</li>
            ))}
          </ul>
        </>
      )}
      <h4>Refused pools</h4>
      {rejected.length === 0 ? (
        <p class="muted">No pool was refused.</p>
      ) : (
        <ul class="rejections">
          {rejected.map((group) => (
            <li key={group.filter}>
              <details>
                <summary>
                  <strong>{group.label}</strong>: {plural(group.count, 'pool')}
                  {group.summaries.length > 0 && <span class="muted"> — {group.summaries.join(' ')}</span>}
                </summary>
                <ul>
                  {group.examples.map((example) => (
                    <li key={`${example.region}-${example.availabilityZone}-${example.instanceType}-${example.market}`}>
                      {example.instanceType} in {example.availabilityZone ?? example.region} ({example.market}): {example.reason}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      )}
      {decision.cleanup.length > 0 && (
        <>
          <h4>Clean-up</h4>
          <ul>
            {decision.cleanup.map((c) => (
              <li key={c.id}>
                {c.action} {c.id} ({c.region}): {c.detail}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
