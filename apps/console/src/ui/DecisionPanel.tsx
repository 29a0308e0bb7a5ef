import type { WorkerTypeDecision } from '@spot-provisioner/model';
import { chosenPools, decisionStatus, formatPenalty, formatRate, interruptionItems, rejectionsByFilter, unmetSentence, weighedPools } from '../decision-view';
import { formatPrice, formatRelative, plural } from '../format';

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
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Pool</th>
                <th scope="col">Market</th>
                <th scope="col" class="num">Count</th>
                <th scope="col" class="num">Price $/h</th>
                <th scope="col" class="num">$/h ÷ utility</th>
              </tr>
            </thead>
            <tbody>
              {chosen.map((pool) => (
                <tr key={`${pool.round}-${pool.availabilityZone}-${pool.instanceType}-${pool.market}`}>
                  <td>
                    {pool.instanceType} in {pool.availabilityZone}
                    {pool.round > 0 && <small class="muted"> (re-plan {pool.round})</small>}
                  </td>
                  <td>{pool.market}</td>
                  <td class="num">{pool.count}</td>
                  <td class="num">{formatPrice(pool.price)}</td>
                  <td class="num">{formatPrice(pool.pricePerUtility)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {weighed.length > 0 && (
        <details class="weighed">
          <summary>
            <strong>Weighed pools</strong>: {plural(weighed.length, 'pool')}, ranked by $/h ÷ utility × (1 + interruptions per hour × work lost)
          </summary>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Pool</th>
                  <th scope="col" class="num">$/h ÷ utility</th>
                  <th scope="col" class="num">Interruptions</th>
                  <th scope="col" class="num">Penalty</th>
                  <th scope="col" class="num">Score</th>
                  <th scope="col" class="num">Launches</th>
                </tr>
              </thead>
              <tbody>
                {weighed.map((pool) => (
                  <tr key={`${pool.market}-${pool.availabilityZone}-${pool.instanceType}`}>
                    <td>
                      {pool.instanceType} in {pool.availabilityZone} <small class="muted">({pool.market})</small>
                    </td>
                    <td class="num">{formatPrice(pool.pricePerUtility)}</td>
                    <td class="num">{formatRate(pool.interruptionRate)}</td>
                    <td class="num">{formatPenalty(pool.riskPenalty)}</td>
                    <td class="num">{formatPrice(pool.score)}</td>
                    <td class="num">{pool.launches}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
