/**
 * Hawk request signing as Taskcluster clients sign: HMAC-SHA256 over Hawk's normalized
 * string, Taskcluster's `ext` (base64 JSON of the certificate and/or authorizedScopes) when
 * there is one, and a payload hash when a body is sent (the API checks it, so a body cannot
 * be swapped under a valid signature). WebCrypto only, so it runs unchanged in the browser
 * and in Node 20+.
 */
import { parsedCertificate, type Credentials } from './credentials';

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  readonly timestamp?: number;
  /** Defaults to 6 random characters, as Hawk's client makes them. */
  readonly nonce?: string;
  /** The body as sent, and its content type: signed as Hawk's payload hash. */
  readonly payload?: { readonly body: string; readonly contentType: string };
}

const NONCE_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
const NONCE_LENGTH = 6;
const encoder = new TextEncoder();

export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_LENGTH));
  return Array.from(bytes, (byte) => NONCE_ALPHABET[byte % NONCE_ALPHABET.length]).join('');
}

/** Taskcluster's `ext` attribute: undefined for permanent credentials without authorizedScopes. */
export function taskclusterExt(credentials: Credentials): string | undefined {
  const ext: { certificate?: object; authorizedScopes?: readonly string[] } = {};
  const certificate = parsedCertificate(credentials);
  if (certificate) ext.certificate = certificate;
  if (credentials.authorizedScopes) ext.authorizedScopes = credentials.authorizedScopes;
  if (Object.keys(ext).length === 0) return undefined;
  return base64(encoder.encode(JSON.stringify(ext)));
}

/** Hawk's payload hash: SHA-256 over the content type (without parameters) and the body. */
export async function payloadHash(body: string, contentType: string): Promise<string> {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const text = `hawk.1.payload\n${mediaType}\n${body}\n`;
  return base64(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** The value of the Authorization header for `method url`. */
export async function hawkHeader(url: string, method: string, credentials: Credentials, options: SignOptions = {}): Promise<string> {
  const parsed = new URL(url);
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = options.nonce ?? randomNonce();
  const ext = taskclusterExt(credentials);
  const hash = options.payload ? await payloadHash(options.payload.body, options.payload.contentType) : undefined;
  const port = parsed.port || (parsed.protocol === 'http:' ? '80' : '443');
  const normalized = [
    'hawk.1.header',
    ts,
    nonce,
    method.toUpperCase(),
    parsed.pathname + parsed.search,
    parsed.hostname.toLowerCase(),
    port,
    hash ?? '',
    ext ? ext.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : '',
    '',
  ].join('\n');
  const mac = await hmacSha256Base64(credentials.accessToken, normalized);
  return (
    `Hawk id="${escapeAttribute(credentials.clientId)}", ts="${ts}", nonce="${nonce}"` +
    (hash ? `, hash="${hash}"` : '') +
    (ext ? `, ext="${escapeAttribute(ext)}"` : '') +
    `, mac="${mac}"`
  );
}

async function hmacSha256Base64(key: string, text: string): Promise<string> {
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
