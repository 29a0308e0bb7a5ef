import { useState } from 'preact/hooks';
import type { ProvisionerApi } from '@spot-provisioner/api-client';
import { DEFINITION_TEMPLATE, nameProblem, parseDefinition, toEditorText } from '../definition';
import { ErrorMessage, Loading } from './ErrorMessage';
import { JsonEditor } from './JsonEditor';

/** Create a worker type from a template; the API's reasons show next to the editor and nothing is stored. */
export function CreatePage({ api }: { api: ProvisionerApi }) {
  const [name, setName] = useState('');
  const [text, setText] = useState(toEditorText(DEFINITION_TEMPLATE));
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const badName = nameProblem(name);
    if (badName) return setError(new Error(badName));
    const parsed = parseDefinition(text);
    if (!parsed.ok) return setError(new Error(parsed.message));
    setBusy(true);
    try {
      await api.createWorkerType(name, parsed.definition);
      location.hash = `#/worker-type/${encodeURIComponent(name)}`;
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1}>
      <p class="breadcrumb">
        <a href="#/">All worker types</a> /
      </p>
      <h1>Create a worker type</h1>
      <form class="card" onSubmit={create}>
        <label>
          Name
          <input name="workerType" value={name} onInput={(e) => setName(e.currentTarget.value)} required pattern="[a-zA-Z0-9_\-]{1,38}" autoComplete="off" spellcheck={false} />
        </label>
        <h2 id="create-definition-heading">Definition</h2>
        <p class="muted">Fill in the AMI of each region (regions[].launchSpec.ImageId), the instance types and the capacity limits.</p>
        <div class="editor-layout">
          <JsonEditor value={text} onChange={setText} labelledBy="create-definition-heading" describedBy="create-feedback" />
          <div id="create-feedback" class="editor-feedback" aria-live="polite">
            {busy && <Loading what="create" />}
            <ErrorMessage error={error} title="Not created — fix these and try again" />
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Create
          </button>
          <a class="button" href="#/">
            Cancel
          </a>
        </div>
      </form>
    </main>
  );
}
