import { useState } from 'preact/hooks';
import type { ProvisionerApi } from '@spot-provisioner/api-client';
import { ErrorMessage } from './ErrorMessage';

/** Delete asks for the worker type's name, typed, before it calls removeWorkerType. */
export function DeleteConfirm({ api, workerType, onDeleted }: { api: ProvisionerApi; workerType: string; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <div class="danger-zone">
        <button type="button" class="danger" onClick={() => setOpen(true)}>
          Delete worker type…
        </button>
      </div>
    );
  }
  const remove = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.removeWorkerType(workerType);
      onDeleted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="danger-zone" onSubmit={remove}>
      <p>
        Deleting <strong>{workerType}</strong> removes its definition; the daemon then cancels its requests and terminates its instances.
      </p>
      <label>
        Type <strong>{workerType}</strong> to confirm
        <input value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autoComplete="off" spellcheck={false} autoFocus />
      </label>
      <div class="actions">
        <button type="submit" class="danger" disabled={typed !== workerType || busy}>
          {busy ? 'Deleting…' : `Delete ${workerType}`}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={error} title="Not deleted" />
    </form>
  );
}
