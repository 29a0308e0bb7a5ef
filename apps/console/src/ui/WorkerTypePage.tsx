import type { ProvisionerApi } from '@spot-provisioner/api-client';
import type { CapacityHistoryPoint } from '@spot-provisioner/model';
import { useEffect, useState } from 'preact/hooks';
import { formatPricePerHour } from '../format';
import { runningCostPerHour } from '../instance-cost';
import { recordedDecision } from '../recorded-decision';
import { appendSample, CHART_REFRESH_MS, CHART_WINDOWS, sampleFromSummary, thin, type ChartWindow } from '../series';
import { CapacityChart } from './CapacityChart';
import { DecisionPanel } from './DecisionPanel';
import { DefinitionSection } from './DefinitionSection';
import { ScaleDownPanel } from './ScaleDownPanel';
import { ErrorMessage, Loading } from './ErrorMessage';
import { useNow, usePolling } from './hooks';
import { StateTables } from './StateTables';

/**
 * One worker type: its load over time, the last decision explained, its instances, its
 * definition. Signed out, only the public state is asked for (the rest needs view scopes).
 */
export function WorkerTypePage({ api, workerType, signedIn }: { api: ProvisionerApi; workerType: string; signedIn: boolean }) {
  const now = useNow();
  const [window, setWindow] = useState<ChartWindow>('hour');
  const [samples, setSamples] = useState<CapacityHistoryPoint[]>([]);
  const state = usePolling(() => api.state(workerType), `state:${workerType}`);
  const history = usePolling(
    async () => (signedIn ? (await api.history(workerType, { since: new Date(Date.now() - CHART_WINDOWS[window]) })).points : []),
    `history:${workerType}:${window}`,
    CHART_REFRESH_MS[window],
  );
  const decision = usePolling(
    async () => (signedIn ? recordedDecision(api, workerType, history.data ?? []) : null),
    `decision:${workerType}`,
  );

  useEffect(() => {
    if (state.data) setSamples((prev) => appendSample(prev, sampleFromSummary(state.data!.summary, new Date()), CHART_WINDOWS.hour));
  }, [state.data]);
  useEffect(() => setSamples([]), [workerType]);

  // Points the console polled itself stand in while the API has recorded no history.
  const points = history.data && history.data.length > 0 ? thin(history.data) : samples;
  const summary = state.data?.summary;
  return (
    <main id="main" tabIndex={-1}>
      <p class="breadcrumb">
        <a href="#/">All worker types</a> /
      </p>
      <h1>{workerType}</h1>
      <ErrorMessage error={state.error} title="The state could not be loaded" />
      {summary ? (
        <dl class="stats" aria-label="Capacity">
          <Stat label="Running" value={summary.runningCapacity} id="stat-running" />
          <Stat label="Starting" value={summary.pendingCapacity} id="stat-pending" />
          <Stat label="Requested" value={summary.requestedCapacity} id="stat-requested" />
          <Stat label="Min–max" value={`${summary.minCapacity}–${summary.maxCapacity}`} id="stat-range" />
          <Stat label="Pending tasks" value={decision.data?.inputs.pendingTasks ?? points[points.length - 1]?.pendingTasks ?? '—'} id="stat-tasks" />
          <Stat label="Spot cost" value={formatPricePerHour(runningCostPerHour(state.data?.instances ?? []))} id="stat-cost" />
          {decision.data?.scaleDown && <Stat label="Idle" value={decision.data.scaleDown.idleCapacity} id="stat-idle" />}
        </dl>
      ) : (
        state.loading && <Loading what="the state" />
      )}
      {state.data?.unmet && (
        <p class="banner warn" role="status">
          {state.data.unmet.capacity} units unmet: {state.data.unmet.reason}
        </p>
      )}
      <section class="card">
        <CapacityChart points={points} window={window} windowMs={CHART_WINDOWS[window]} now={now} onWindow={setWindow} />
      </section>
      <section class="card" aria-labelledby="decision-heading">
        <h2 id="decision-heading">Last decision</h2>
        {!signedIn ? (
          <p class="muted">Sign in with view scopes to see the last decision and the capacity history.</p>
        ) : decision.error ? (
          <ErrorMessage error={decision.error} title="The last decision could not be loaded" />
        ) : decision.data === undefined ? (
          <Loading what="the last decision" />
        ) : decision.data === null ? (
          <p class="muted" id="no-decision">
            No decision recorded yet: the daemon records one each iteration once it has seen this worker type.
          </p>
        ) : (
          <>
            <DecisionPanel decision={decision.data} now={now} heading="Decision details" />
            {decision.data.scaleDown && <ScaleDownPanel scaleDown={decision.data.scaleDown} />}
          </>
        )}
      </section>
      <section class="card" aria-label="Instances and requests">
        {state.data ? <StateTables state={state.data} now={now} /> : <Loading what="instances" />}
      </section>
      {signedIn ? (
        <DefinitionSection api={api} workerType={workerType} now={now} onDeleted={() => (location.hash = `#/?deleted=${encodeURIComponent(workerType)}`)} />
      ) : (
        <section class="card">
          <h2>Definition</h2>
          <p class="muted">Sign in with view scopes to see the definition, and with manage scopes to change it.</p>
        </section>
      )}
    </main>
  );
}

function Stat({ label, value, id }: { label: string; value: string | number; id: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd id={id}>{value}</dd>
    </div>
  );
}
