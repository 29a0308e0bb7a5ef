/**
 * Where the console keeps Taskcluster credentials: sessionStorage only (gone when the tab
 * closes), never in URLs, never logged. Signing with them is the client core's.
 */
import type { Credentials } from '@spot-provisioner/api-client';

export type { Credentials };

const STORAGE_KEY = 'spot-provisioner.credentials';

export interface CredentialStore {
  load(): Credentials | undefined;
  save(credentials: Credentials): void;
  clear(): void;
}

export function sessionCredentialStore(storage: Storage = sessionStorage): CredentialStore {
  return {
    load() {
      const raw = storage.getItem(STORAGE_KEY);
      if (!raw) return undefined;
      try {
        const parsed = JSON.parse(raw) as Partial<Credentials>;
        return typeof parsed.clientId === 'string' && typeof parsed.accessToken === 'string' ? (parsed as Credentials) : undefined;
      } catch {
        return undefined;
      }
    },
    save(credentials) {
      storage.setItem(STORAGE_KEY, JSON.stringify(credentials));
    },
    clear() {
      storage.removeItem(STORAGE_KEY);
    },
  };
}

/** Reads the sign-in form: a certificate field, when filled, must be JSON. */
export function credentialsFromForm(clientId: string, accessToken: string, certificate: string): Credentials | string {
  if (!clientId.trim()) return 'Enter a client id.';
  if (!accessToken.trim()) return 'Enter an access token.';
  const cert = certificate.trim();
  if (!cert) return { clientId: clientId.trim(), accessToken: accessToken.trim() };
  try {
    const parsed: unknown = JSON.parse(cert);
    if (typeof parsed !== 'object' || parsed === null) return 'The certificate must be a JSON object.';
    return { clientId: clientId.trim(), accessToken: accessToken.trim(), certificate: parsed };
  } catch {
    return 'The certificate is not valid JSON.';
  }
}
