/**
 * Taskcluster credentials as the console and the CLI hold them: permanent (a client id and
 * its access token) or temporary (the same with the certificate that vouches for them).
 * Where they are kept is each app's business (the console: sessionStorage; the CLI: the
 * TASKCLUSTER_* variables); this package only signs with them.
 */
export interface Credentials {
  readonly clientId: string;
  readonly accessToken: string;
  /** Temporary credentials: the certificate, as JSON text or already parsed. */
  readonly certificate?: string | object;
  /** Restricts each request to these scopes (a subset of what the credentials hold). */
  readonly authorizedScopes?: readonly string[];
}

/** Credentials that cannot sign: a certificate that is not a JSON object. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

export function isCredentialsError(error: unknown): error is CredentialsError {
  return error instanceof CredentialsError;
}

/** The certificate as an object, whichever form it was given in. */
export function parsedCertificate(credentials: Credentials): object | undefined {
  const { certificate } = credentials;
  if (certificate === undefined) return undefined;
  if (typeof certificate !== 'string') return certificate;
  let parsed: unknown;
  try {
    parsed = JSON.parse(certificate);
  } catch {
    throw new CredentialsError('the certificate of temporary credentials is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CredentialsError('the certificate of temporary credentials must be a JSON object');
  }
  return parsed;
}
