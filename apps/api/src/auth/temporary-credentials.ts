import { createHmac, timingSafeEqual } from 'node:crypto';
import slugid from 'slugid';
import { AuthenticationError } from './errors';
import { satisfiesAll, satisfiesScope } from './scopes';

/** Taskcluster refuses temporary credentials valid for longer than this. */
export const MAX_TEMPORARY_CREDENTIALS_MS = 31 * 24 * 60 * 60 * 1000;

/** The `certificate` of Taskcluster temporary credentials (version 1). */
export interface Certificate {
  readonly version: 1;
  readonly scopes: readonly string[];
  readonly start: number;
  readonly expiry: number;
  readonly seed: string;
  readonly signature: string;
  /** Present only for named temporary credentials: the client that signed them. */
  readonly issuer?: string;
}

export interface TemporaryCredentials {
  readonly clientId: string;
  readonly accessToken: string;
  /** JSON text, as taskcluster-client produces and expects it. */
  readonly certificate: string;
}

export interface IssueOptions {
  readonly issuer: { readonly clientId: string; readonly accessToken: string };
  readonly scopes: readonly string[];
  readonly start: Date;
  readonly expiry: Date;
  /** Gives the credentials their own clientId (named temporary credentials). */
  readonly clientId?: string;
}

/** Signs temporary credentials the way taskcluster-client's createTemporaryCredentials does. */
export function issueTemporaryCredentials(options: IssueOptions): TemporaryCredentials {
  const span = options.expiry.getTime() - options.start.getTime();
  if (span <= 0 || span > MAX_TEMPORARY_CREDENTIALS_MS) {
    throw new RangeError('temporary credentials must expire after they start and span at most 31 days');
  }
  const named = options.clientId !== undefined;
  if (named && options.clientId === options.issuer.clientId) {
    throw new RangeError('named temporary credentials need a clientId other than the issuer');
  }
  const unsigned = {
    version: 1 as const,
    scopes: [...options.scopes],
    start: options.start.getTime(),
    expiry: options.expiry.getTime(),
    seed: slugid.v4() + slugid.v4(),
  };
  const issuerField = named ? { issuer: options.issuer.clientId } : {};
  const signature = certificateSignature(options.issuer.accessToken, { ...unsigned, ...issuerField }, options.clientId);
  // Key order as taskcluster-client writes it: signature before issuer.
  const certificate: Certificate = { ...unsigned, signature, ...issuerField };
  return {
    clientId: options.clientId ?? options.issuer.clientId,
    accessToken: temporaryAccessToken(options.issuer.accessToken, unsigned.seed),
    certificate: JSON.stringify(certificate),
  };
}

/**
 * The HMAC-SHA256 (keyed with the issuer's access token) over the certificate's fields,
 * one `name:value` line each, scopes last joined by newlines; base64.
 */
export function certificateSignature(
  issuerAccessToken: string,
  cert: Omit<Certificate, 'signature'>,
  namedClientId: string | undefined,
): string {
  const lines = [`version:${cert.version}`];
  if (cert.issuer !== undefined) lines.push(`clientId:${namedClientId ?? ''}`, `issuer:${cert.issuer}`);
  lines.push(`seed:${cert.seed}`, `start:${cert.start}`, `expiry:${cert.expiry}`, 'scopes:');
  return createHmac('sha256', issuerAccessToken)
    .update(lines.join('\n') + '\n' + cert.scopes.join('\n'))
    .digest('base64');
}

/** The temporary access token: HMAC-SHA256 of the seed keyed by the issuer's token, base64url without padding. */
export function temporaryAccessToken(issuerAccessToken: string, seed: string): string {
  return createHmac('sha256', issuerAccessToken).update(seed).digest('base64url');
}

/** What a verified certificate grants. */
export interface VerifiedCertificate {
  readonly issuer: string;
  readonly accessToken: string;
  readonly scopes: readonly string[];
}

export interface IssuerCredentials {
  readonly clientId: string;
  readonly accessToken: string;
  readonly scopes: readonly string[];
}

/**
 * Checks a certificate presented under `clientId` and returns the key the request must be
 * signed with and the scopes it grants. `lookupIssuer` finds the signing client.
 */
export async function verifyCertificate(
  clientId: string,
  raw: unknown,
  now: Date,
  skewMs: number,
  lookupIssuer: (issuerId: string) => Promise<IssuerCredentials | undefined>,
): Promise<VerifiedCertificate> {
  const cert = parseCertificate(raw);
  const issuerId = cert.issuer ?? clientId;
  if (cert.issuer !== undefined && cert.issuer === clientId) {
    throw new AuthenticationError('certificate: a named certificate cannot be issued by the client it names');
  }
  if (cert.expiry - cert.start > MAX_TEMPORARY_CREDENTIALS_MS) {
    throw new AuthenticationError('certificate: temporary credentials cannot span more than 31 days');
  }
  if (cert.start > now.getTime() + skewMs) throw new AuthenticationError('certificate: not valid yet');
  if (cert.expiry < now.getTime() - skewMs) throw new AuthenticationError('certificate: expired');

  const issuer = await lookupIssuer(issuerId);
  if (!issuer) throw new AuthenticationError(`certificate: unknown issuer ${issuerId}`);
  const expected = certificateSignature(issuer.accessToken, cert, cert.issuer !== undefined ? clientId : undefined);
  if (!equalText(expected, cert.signature)) throw new AuthenticationError('certificate: bad signature');
  if (cert.issuer !== undefined && !satisfiesScope(issuer.scopes, `auth:create-client:${clientId}`)) {
    throw new AuthenticationError(`certificate: issuer ${issuerId} may not issue credentials named ${clientId}`);
  }
  if (!satisfiesAll(issuer.scopes, cert.scopes)) {
    throw new AuthenticationError(`certificate: grants scopes its issuer ${issuerId} does not hold`);
  }
  return { issuer: issuerId, accessToken: temporaryAccessToken(issuer.accessToken, cert.seed), scopes: cert.scopes };
}

function parseCertificate(raw: unknown): Certificate {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new AuthenticationError('certificate: not valid JSON');
    }
  }
  if (typeof value !== 'object' || value === null) throw new AuthenticationError('certificate: must be an object');
  const cert = value as Record<string, unknown>;
  const problems: string[] = [];
  if (cert.version !== 1) problems.push('version must be 1');
  if (!Array.isArray(cert.scopes) || !cert.scopes.every((s) => typeof s === 'string')) problems.push('scopes must be strings');
  if (!Number.isInteger(cert.start)) problems.push('start must be a timestamp in ms');
  if (!Number.isInteger(cert.expiry)) problems.push('expiry must be a timestamp in ms');
  if (typeof cert.seed !== 'string' || cert.seed.length !== 44) problems.push('seed must be 44 characters');
  if (typeof cert.signature !== 'string') problems.push('signature must be a string');
  if (cert.issuer !== undefined && typeof cert.issuer !== 'string') problems.push('issuer must be a string');
  if (problems.length > 0) throw new AuthenticationError(`certificate: ${problems.join('; ')}`);
  return cert as unknown as Certificate;
}

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
