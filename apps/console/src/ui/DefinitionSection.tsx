import type { PlanPreviewResponse, WorkerTypeResponse } from '@spot-provisioner/model';
import { useEffect, useState } from 'preact/hooks';
import type { LaunchSpecs, ProvisionerApi } from '@spot-provisioner/api-client';
import { definitionOf, parseDefinition, toEditorText } from '../definition';
import { formatRelative } from '../format';
import { DecisionPanel } from './DecisionPanel';
import { DeleteConfirm } from './DeleteConfirm';
import { ErrorMessage, Loading } from './ErrorMessage';
import { JsonEditor } from './JsonEditor';

interface Props {
  readonly api: ProvisionerApi;
  readonly workerType: string;
  readonly now: Date;
  readonly onDeleted: () => void;
}

type Busy = 'save' | 'preview' | 'specs' | undefined;

/** The definition in a JSON editor with Save, Preview, launch-spec preview and Delete. */
export function DefinitionSection({ api, workerType, now, onDeleted }: Props) {
  const [stored, setStored] = useState<WorkerTypeResponse | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<Busy>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState<PlanPreviewResponse | undefined>(undefined);
  const [specs, setSpecs] = useState<LaunchSpecs | undefined>(undefined);

  useEffect(() => {
    setStored(undefined);
    setLoadError(undefined);
    api.workerType(workerType).then(
      (response) => {
        setStored(response);
        setText(toEditorText(definitionOf(response)));
      },
      setLoadError,
    );
  }, [api, workerType]);

  if (loadError) return <ErrorMessage error={loadError} title="The definition could not be loaded" />;
  if (!stored) return <Loading what="the definition" />;

  const run = async (what: Busy, action: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    setSaved(false);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };
  const parsed = () => {
    const result = parseDefinition(text);
    if (!result.ok) throw new Error(result.message);
    return result.definition;
  };

  const save = () =>
    run('save', async () => {
      const response = await api.updateWorkerType(workerType, parsed());
      setStored(response);
      setText(toEditorText(definitionOf(response)));
      setSaved(true);
    });
  const showPreview = () =>
    run('preview', async () => {
      setPreview(undefined);
      setPreview(await api.planPreview(workerType, parsed()));
    });
  const showSpecs = () =>
    run('specs', async () => {
      setSpecs(await api.getLaunchSpecs(workerType));
    });

  const dirty = text !== toEditorText(definitionOf(stored));
  return (
    <section class="card" aria-labelledby="definition-heading">
      <h2 id="definition-heading">Definition</h2>
      <p class="muted">
        Last modified{' '}
        <time id="last-modified" dateTime={stored.lastModified} title={stored.lastModified}>
          {stored.lastModified}
        </time>{' '}
        ({formatRelative(stored.lastModified, now)}){dirty && <strong class="dirty"> · unsaved changes</strong>}
      </p>
      <div class="editor-layout">
        <JsonEditor value={text} onChange={setText} labelledBy="definition-heading" describedBy="definition-feedback" />
        <div id="definition-feedback" class="editor-feedback" aria-live="polite">
          {busy && <Loading what={busy === 'save' ? 'save' : busy === 'preview' ? 'the plan preview' : 'launch specifications'} />}
          <ErrorMessage error={error} title={busy === undefined && error ? 'Not saved — the API refused the definition' : undefined} />
          {saved && (
            <p class="success" role="status">
              Saved. The next iteration uses it.
            </p>
          )}
        </div>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick={save} disabled={busy !== undefined}>
          Save
        </button>
        <button type="button" onClick={showPreview} disabled={busy !== undefined}>
          Preview plan
        </button>
        <button type="button" onClick={showSpecs} disabled={busy !== undefined}>
          Launch specifications
        </button>
        <button type="button" onClick={() => setText(toEditorText(definitionOf(stored)))} disabled={!dirty || busy !== undefined}>
          Revert
        </button>
      </div>
      {preview && (
        <div class="preview">
          <DecisionPanel decision={preview.decision} now={now} heading="Plan preview of the edited definition" />
          <p class="muted">Prices as of {formatRelative(preview.pricesAsOf, now)}.</p>
        </div>
      )}
      {specs && <LaunchSpecList specs={specs} />}
      <DeleteConfirm api={api} workerType={workerType} onDeleted={onDeleted} />
    </section>
  );
}

function LaunchSpecList({ specs }: { specs: LaunchSpecs }) {
  const rows = Object.entries(specs).flatMap(([region, byType]) =>
    Object.entries(byType).flatMap(([instanceType, byZone]) =>
      Object.entries(byZone).map(([zone, entry]) => ({ key: `${region}/${instanceType}/${zone}`, region, instanceType, zone, entry })),
    ),
  );
  return (
    <section class="launch-specs" aria-label="Launch specifications">
      <h3>Launch specifications ({rows.length})</h3>
      {rows.map((row) => (
        <details key={row.key}>
          <summary>
            {row.instanceType} in {row.region}
            {row.zone === '*' ? ' (any zone)' : ` / ${row.zone}`}
          </summary>
          <pre>{JSON.stringify(row.entry.launchSpec, null, 2)}</pre>
        </details>
      ))}
    </section>
  );
}
