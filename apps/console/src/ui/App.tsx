import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ProvisionerApi, type BackendStatus } from '@spot-provisioner/api-client';
import { sessionCredentialStore, type Credentials } from '../credentials';
import { formatRelative } from '../format';
import { CreatePage } from './CreatePage';
import { ErrorMessage } from './ErrorMessage';
import { useHashRoute, useNow, usePolling } from './hooks';
import { Overview } from './Overview';
import { SignIn } from './SignIn';
import { WorkerTypePage } from './WorkerTypePage';

const store = sessionCredentialStore();

export function App() {
  const [credentials, setCredentials] = useState<Credentials | undefined>(() => store.load());
  const route = useHashRoute();
  // One client per session, signing with that session's credentials: a poll begun before a
  // sign-out finishes signed (its page is gone by then), never half of it unsigned.
  const api = useMemo(() => new ProvisionerApi({ rootUrl: location.origin, credentials }), [credentials]);

  const signOut = () => {
    store.clear();
    setCredentials(undefined);
    location.hash = '#/sign-in';
  };
  const signedIn = (c: Credentials) => {
    store.save(c);
    setCredentials(c);
    location.hash = '#/';
  };

  const [path, query] = route.split('?');
  usePageFocus(path ?? '/');
  const params = new URLSearchParams(query ?? '');
  const workerTypeMatch = /^\/worker-type\/([^/]+)$/.exec(path ?? '');
  let page;
  if (path === '/sign-in') page = <SignIn api={api} onSignedIn={signedIn} onCancel={() => (location.hash = '#/')} />;
  else if (path === '/create') page = <CreatePage key={String(credentials?.clientId)} api={api} />;
  else if (workerTypeMatch?.[1]) {
    const name = decodeURIComponent(workerTypeMatch[1]);
    page = <WorkerTypePage key={`${name}:${credentials?.clientId}`} api={api} workerType={name} signedIn={credentials !== undefined} />;
  } else page = <Overview key={String(credentials?.clientId)} api={api} signedIn={credentials !== undefined} deleted={params.get('deleted') ?? undefined} />;

  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          spot-provisioner
        </a>
        <nav aria-label="Account">
          {credentials ? (
            <>
              <span class="who">
                Signed in as <strong id="signed-in-as">{credentials.clientId}</strong>
              </span>
              <button type="button" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <a class="button" href="#/sign-in">
              Sign in
            </a>
          )}
        </nav>
      </header>
      <BackendBanner api={api} />
      {page}
    </>
  );
}

function BackendBanner({ api }: { api: ProvisionerApi }) {
  const status = usePolling<BackendStatus>(() => api.backendStatus(), 'backend');
  const now = useNow();
  if (status.error) return <ErrorMessage error={status.error} title="The API is not answering" />;
  if (!status.data) return null;
  const { status: health, lastCheckedIn, degraded } = status.data;
  const tone = health === 'healthy' ? 'ok' : health === 'unhealthy' ? 'bad' : 'warn';
  const words =
    health === 'healthy'
      ? 'Provisioner healthy'
      : health === 'unhealthy'
        ? `Provisioner unhealthy: ${degraded ?? 'it has missed iterations'}`
        : 'Provisioner status unknown: no iteration recorded yet';
  return (
    <p class={`banner ${tone}`} role="status" id="backend-status">
      {words} · last iteration {formatRelative(lastCheckedIn, now)}
    </p>
  );
}

/**
 * After navigation, keyboard and screen-reader users start at the new page's content (the
 * sign-in form focuses its first field itself), and the tab title names the page.
 */
function usePageFocus(path: string): void {
  const first = useRef(true);
  useEffect(() => {
    const workerType = /^\/worker-type\/([^/]+)$/.exec(path)?.[1];
    const page = workerType ? decodeURIComponent(workerType) : path === '/create' ? 'Create' : path === '/sign-in' ? 'Sign in' : 'Worker types';
    document.title = `${page} · spot-provisioner console`;
    if (first.current) {
      first.current = false;
      return;
    }
    if (path !== '/sign-in') document.getElementById('main')?.focus();
  }, [path]);
}
