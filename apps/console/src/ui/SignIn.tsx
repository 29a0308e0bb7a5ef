import { useState } from 'preact/hooks';
import type { ProvisionerApi } from '@spot-provisioner/api-client';
import { credentialsFromForm, type Credentials } from '../credentials';
import { Loading } from './ErrorMessage';

/** Sign in with a Taskcluster clientId / accessToken, or temporary credentials (certificate). */
export function SignIn({ api, onSignedIn, onCancel }: { api: ProvisionerApi; onSignedIn: (c: Credentials) => void; onCancel: () => void }) {
  const [clientId, setClientId] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [certificate, setCertificate] = useState('');
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const credentials = credentialsFromForm(clientId, accessToken, certificate);
    if (typeof credentials === 'string') return setMessage(credentials);
    setBusy(true);
    setMessage(undefined);
    try {
      const check = await api.checkCredentials(credentials);
      if (check.accepted) onSignedIn(credentials);
      else setMessage(`Sign-in failed: the API did not accept these credentials (${check.error.message}).`);
    } catch (error) {
      setMessage(`Sign-in could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1} class="narrow">
      <h1>Sign in</h1>
      <p class="muted">Your Taskcluster credentials stay in this tab (session storage) and sign each request; they are never sent in a URL.</p>
      <form class="card" onSubmit={submit} aria-describedby="sign-in-error">
        <label>
          Client id
          <input name="clientId" value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} autoComplete="username" required autoFocus />
        </label>
        <label>
          Access token
          <input name="accessToken" type="password" value={accessToken} onInput={(e) => setAccessToken(e.currentTarget.value)} autoComplete="current-password" required />
        </label>
        <details>
          <summary>Temporary credentials</summary>
          <label>
            Certificate (JSON)
            <textarea name="certificate" rows={4} value={certificate} onInput={(e) => setCertificate(e.currentTarget.value)} spellcheck={false} />
          </label>
        </details>
        <div id="sign-in-error" aria-live="assertive">
          {message && (
            <p class="error" role="alert">
              {message}
            </p>
          )}
        </div>
        {busy && <Loading what="your credentials check" />}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Sign in
          </button>
          <button type="button" onClick={onCancel}>
            Continue without signing in
          </button>
        </div>
      </form>
    </main>
  );
}
