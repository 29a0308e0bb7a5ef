/**
 * Hawk request signing in the browser, byte for byte as the Node `taskcluster-client` signs:
 * HMAC-SHA256 over Hawk's normalized string (no payload hash), with Taskcluster's `ext`
 * (base64 JSON of the certificate and/or authorizedScopes) when there is one.
 * Uses WebCrypto, so it runs unchanged in the browser and in Node 20's jest.
 */
import type { Credentials } from './credentials';

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  readonly timestamp?: number;
  /** Defaults to 6 random characters, as Hawk's client makes them. */
  readonly nonce?: string;
}

const NONCE_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
const NONCE_LENGTH = 6;

export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_LENGTH));
  return Array.from(bytes, (byte) => NONCE_ALPHABET[byte % NONCE_ALPHABET.length]).join('');
}

/** Taskcluster's `ext` attribute: undefined for permanent credentials without authorizedScopes. */
export function taskclusterExt(credentials: Credentials): string | undefined {
  const ext: { certificate?: unknown; authorizedScopes?: readonly string[] } = {};
  if (credentials.certificate) {
    ext.certificate = typeof credentials.certificate === 'string' ? JSON.parse(credentials.certificate) : credentials.certificate;
  }
  if (credentials.authorizedScopes) ext.authorizedScopes = credentials.authorizedScopes;
  if (Object.keys(ext).length === 0) return undefined;
  return base64(new TextEncoder().encode(JSON.stringify(ext)));
}

/** The value of the Authorization header for `method url`. */
export async function hawkHeader(url: string, method: string, credentials: Credentials, options: SignOptions = {}): Promise<string> {
  const parsed = new URL(url);
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = options.nonce ?? randomNonce();
  const ext = taskclusterExt(credentials);
  const port = parsed.port || (parsed.protocol === 'http:' ? '80' : '443');
  const normalized = [
    'hawk.1.header',
    ts,
    nonce,
    method.toUpperCase(),
    parsed.pathname + parsed.search,
    parsed.hostname.toLowerCase(),
    port,
    '', // no payload hash, as taskcluster-client
    ext ? ext.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : '',
    '',
  ].join('\n');
  const mac = await hmacSha256Base64(credentials.accessToken, normalized);
  return (
    `Hawk id="${escapeAttribute(credentials.clientId)}", ts="${ts}", nonce="${nonce}"` +
    (ext ? `, ext="${escapeAttribute(ext)}"` : '') +
    `, mac="${mac}"`
  );
}

async function hmacSha256Base64(key: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(text))));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function escapeAttribute(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
