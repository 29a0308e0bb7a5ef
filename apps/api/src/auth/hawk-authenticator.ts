import type { IncomingMessage } from 'node:http';
import hawk from 'hawk';
import { AuthenticationError } from './errors';
import type { ClientLookup } from './clients';
import { satisfiesAll } from './scopes';
import { verifyCertificate } from './temporary-credentials';

/** Allowed difference between the caller's clock and ours in a Hawk timestamp, as Taskcluster allows. */
export const HAWK_CLOCK_SKEW_SECONDS = 15 * 60;
/** Temporary credentials are honoured this long before their start and after their expiry, as Taskcluster's auth service does. */
export const CERTIFICATE_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The request as signed: method, path with query, and the host and port the client used. */
export interface SignedRequest {
  readonly method: string;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly authorization: string | undefined;
  readonly contentType?: string | undefined;
}

export interface Caller {
  /** Undefined for an unauthenticated caller. */
  readonly clientId: string | undefined;
  readonly scopes: readonly string[];
}

export const ANONYMOUS: Caller = { clientId: undefined, scopes: [] };

interface HawkCredentials {
  /** hawk's typings require a user; the clientId goes there. */
  readonly user: string;
  readonly key: string;
  readonly algorithm: 'sha256';
  readonly scopes: readonly string[];
}

/** Taskcluster's `ext`: base64 JSON carrying a certificate and/or authorizedScopes. */
interface TaskclusterExt {
  readonly certificate?: unknown;
  readonly authorizedScopes?: unknown;
}

/**
 * Verifies Hawk-signed requests and bewit URLs with Taskcluster's conventions and returns
 * the caller's effective scopes (certificate and authorizedScopes applied). A request
 * without credentials is the anonymous caller. `rawBody` is checked against a payload
 * hash when the client sent one.
 */
export class HawkAuthenticator {
  constructor(
    private readonly clients: ClientLookup,
    private readonly now: () => Date,
  ) {}

  async authenticate(request: SignedRequest, rawBody?: string): Promise<Caller> {
    if (request.authorization) return this.authenticateHeader(request, rawBody);
    if (hasBewit(request.url)) return this.authenticateBewit(request);
    return ANONYMOUS;
  }

  private async authenticateHeader(request: SignedRequest, rawBody: string | undefined): Promise<Caller> {
    if (!/^hawk\s/i.test(request.authorization ?? '')) throw new AuthenticationError('Authorization header must use the Hawk scheme');
    let attributes: { ext?: string };
    try {
      attributes = hawk.utils.parseAuthorizationHeader(request.authorization ?? '') as { ext?: string };
    } catch {
      throw new AuthenticationError('malformed Hawk Authorization header');
    }
    const ext = parseExt(attributes.ext);
    const { credentials, artifacts } = await this.run(() =>
      hawk.server.authenticate(asNodeRequest(request), (id: string) => this.credentialsFor(id, ext), this.hawkOptions()),
    );
    const granted = credentials as unknown as HawkCredentials;
    if ((artifacts as { hash?: string }).hash && rawBody !== undefined) {
      await this.run(async () => hawk.server.authenticatePayload(rawBody, credentials, artifacts, request.contentType ?? ''));
    }
    return { clientId: (artifacts as unknown as { id: string }).id, scopes: applyAuthorizedScopes(granted.scopes, ext) };
  }

  private async authenticateBewit(request: SignedRequest): Promise<Caller> {
    const ext = parseExt(bewitExt(request.url));
    // hawk 9 returns the bewit as `attributes` (its typings say `bewit`).
    const result = await this.run(() =>
      hawk.uri.authenticate(asNodeRequest(request), (id: string) => this.credentialsFor(id, ext), this.hawkOptions()),
    );
    const granted = result.credentials as unknown as HawkCredentials;
    const { id } = (result as unknown as { attributes: { id: string } }).attributes;
    return { clientId: id, scopes: applyAuthorizedScopes(granted.scopes, ext) };
  }

  private hawkOptions() {
    return {
      timestampSkewSec: HAWK_CLOCK_SKEW_SECONDS,
      localtimeOffsetMsec: this.now().getTime() - Date.now(),
    };
  }

  /** Hawk asks for the key by id; temporary credentials derive it from the certificate. */
  private async credentialsFor(clientId: string, ext: TaskclusterExt): Promise<HawkCredentials> {
    if (ext.certificate !== undefined) {
      const verified = await verifyCertificate(clientId, ext.certificate, this.now(), CERTIFICATE_CLOCK_SKEW_MS, (issuerId) =>
        this.activeClient(issuerId),
      );
      return { user: clientId, key: verified.accessToken, algorithm: 'sha256', scopes: verified.scopes };
    }
    const client = await this.activeClient(clientId);
    if (!client) throw new AuthenticationError(`unknown client ${clientId}`);
    return { user: clientId, key: client.accessToken, algorithm: 'sha256', scopes: client.scopes };
  }

  private async activeClient(clientId: string) {
    const client = await this.clients.findClient(clientId);
    if (!client) return undefined;
    if (client.expires !== undefined && Date.parse(client.expires) <= this.now().getTime()) {
      throw new AuthenticationError(`client ${clientId} has expired`);
    }
    return client;
  }

  /** Turns hawk's errors (Boom) into AuthenticationError with hawk's short reason only. */
  private async run<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const boom = error as { isBoom?: boolean; output?: { statusCode?: number } ; message?: string };
      if (boom.isBoom && (boom.output?.statusCode ?? 500) < 500) {
        throw new AuthenticationError(`Hawk: ${hawkReason(boom.message)}`);
      }
      throw error;
    }
  }
}

/** Hawk's messages are fixed phrases ("Bad mac", "Stale timestamp", ...); keep them short. */
function hawkReason(message: string | undefined): string {
  const reason = (message ?? 'invalid credentials').slice(0, 100);
  return reason === 'Unknown credentials' ? 'unknown client' : reason;
}

function parseExt(ext: string | undefined): TaskclusterExt {
  if (!ext) return {};
  try {
    const value = JSON.parse(Buffer.from(ext, 'base64').toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as TaskclusterExt;
  } catch {
    throw new AuthenticationError('ext must be base64-encoded JSON (certificate, authorizedScopes)');
  }
}

/** authorizedScopes restricts a request to a subset of what its credentials hold. */
function applyAuthorizedScopes(held: readonly string[], ext: TaskclusterExt): readonly string[] {
  if (ext.authorizedScopes === undefined) return held;
  const authorized = ext.authorizedScopes;
  if (!Array.isArray(authorized) || !authorized.every((scope) => typeof scope === 'string')) {
    throw new AuthenticationError('ext.authorizedScopes must be an array of strings');
  }
  if (!satisfiesAll(held, authorized)) {
    throw new AuthenticationError('ext.authorizedScopes asks for scopes the credentials do not hold');
  }
  return authorized;
}

function hasBewit(url: string): boolean {
  return /[?&]bewit=/.test(url);
}

/** The ext inside a bewit: base64url of `id\exp\mac\ext`. */
function bewitExt(url: string): string | undefined {
  const match = /[?&]bewit=([^&]*)/.exec(url);
  if (!match?.[1]) return undefined;
  let bewit: string;
  try {
    bewit = decodeURIComponent(match[1]);
  } catch {
    // any malformed bewit is an authentication failure, never a 500
    throw new AuthenticationError('malformed bewit: a %-escape does not decode');
  }
  const parts = Buffer.from(bewit, 'base64url').toString('utf8').split('\\');
  return parts.length === 4 ? parts[3] : undefined;
}

/** hawk accepts a plain {method, url, host, port, authorization} object in place of a node request. */
function asNodeRequest(request: SignedRequest): IncomingMessage {
  return request as unknown as IncomingMessage;
}
