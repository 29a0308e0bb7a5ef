import type { ScaleDownDecision } from '@spot-provisioner/model';
import { keptGroups, STEP_LABELS } from '../scale-down-view';

/** Scale-down's decision: what is kept warm and why, each drain step with its reason, why the rest were kept. */
export function ScaleDownPanel({ scaleDown }: { scaleDown: ScaleDownDecision }) {
  const groups = keptGroups(scaleDown);
  return (
    <section class="scale-down" aria-label="Scale-down">
      <h3>Scale-down</h3>
      <p id="scale-down-explanation">{scaleDown.explanation}</p>
      <p class="muted">
        At most {scaleDown.budget} draining at once; boot looked over: {Math.round(scaleDown.bootSeconds / 6) / 10} min.
      </p>
      {scaleDown.actions.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Step</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {scaleDown.actions.map((a) => (
                <tr key={`${a.instanceId}-${a.action}`} data-drain-step={a.action}>
                  <td>
                    {a.instanceId} <small class="muted">{a.region}</small>
                  </td>
                  <td>{STEP_LABELS[a.action]}</td>
                  <td>{a.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {groups.length > 0 && (
        <ul class="kept">
          {groups.map((group) => (
            <li key={group.reason} data-kept={group.reason}>
              <strong>{group.label}</strong>: {group.count}
              {group.instances.length > 0 && (
                <ul>
                  {group.instances.map((i) => (
                    <li key={i.instanceId}>
                      {i.instanceId} <small class="muted">{i.region}</small>: {i.detail}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
