/**
 * Typed domain errors. Each carries a stable `code` so callers (the API's error
 * handler, the daemon) can branch with the guards below instead of parsing messages.
 * Messages never contain keys, access tokens or secret payloads.
 */
export type ModelErrorCode =
  | 'InvalidRecord'
  | 'CorruptRecord'
  | 'StoreUnavailable'
  | 'WorkerTypeAlreadyExists'
  | 'WorkerTypeNotFound'
  | 'VersionConflict'
  | 'SecretAlreadyExists'
  | 'SecretNotFound'
  | 'ClientAlreadyExists'
  | 'ClientNotFound'
  | 'LeaseNotHeld'
  | 'DecryptionFailed'
  | 'KeyringConfig';

/**
 * What kind of failure an error is, for whoever answers a caller: the API's error handler
 * maps each kind to one status (conflict 409, not-found 404, invalid-input 400, corrupt
 * 500 with the details only in the log, unavailable 503 with Retry-After, internal 500).
 * Other packages' errors (e.g. the EC2 gateway's) may declare the same `kind` property.
 */
export type ErrorKind = 'conflict' | 'not-found' | 'invalid-input' | 'corrupt' | 'unavailable' | 'internal';

export const ERROR_KINDS: readonly ErrorKind[] = ['conflict', 'not-found', 'invalid-input', 'corrupt', 'unavailable', 'internal'];

export abstract class ModelError extends Error {
  abstract readonly code: ModelErrorCode;
  abstract readonly kind: ErrorKind;
}

/** Input or stored data failed its schema; `reasons` lists every problem. */
export class InvalidRecordError extends ModelError {
  readonly code = 'InvalidRecord';
  readonly kind = 'invalid-input';
  constructor(
    readonly what: string,
    readonly reasons: readonly string[],
  ) {
    super(`invalid ${what}: ${reasons.join('; ')}`);
    this.name = 'InvalidRecordError';
  }
}

/**
 * A stored item failed its schema: the table holds what this code cannot read (a bad
 * migration, a hand edit). Not the caller's fault; `reasons` name schema internals and
 * belong in the log, not in a response.
 */
export class CorruptRecordError extends ModelError {
  readonly code = 'CorruptRecord';
  readonly kind = 'corrupt';
  constructor(
    readonly what: string,
    readonly reasons: readonly string[],
  ) {
    super(`corrupt ${what}: ${reasons.join('; ')}`);
    this.name = 'CorruptRecordError';
  }
}

/** The store did not answer in time, refused the connection, throttled or failed (DynamoDB 5xx). */
export class StoreUnavailableError extends ModelError {
  readonly code = 'StoreUnavailable';
  readonly kind = 'unavailable';
  /** How long a caller should wait before trying again. */
  readonly retryAfterSeconds = STORE_RETRY_AFTER_SECONDS;
  constructor(cause: unknown) {
    // The SDK's message may quote request values; only the error's name or code is kept here.
    super(`the data store is unavailable (${describeCause(cause)})`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

function describeCause(cause: unknown): string {
  const { code, name } = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  return typeof name === 'string' && /^[A-Za-z]+$/.test(name) ? name : 'unknown error';
}

/** A store outage usually lasts seconds (a throttle, a restart); ask callers to wait a little. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** createWorkerType with a definition that differs from the stored one (the API's 409). */
export class WorkerTypeAlreadyExistsError extends ModelError {
  readonly code = 'WorkerTypeAlreadyExists';
  readonly kind = 'conflict';
  constructor(readonly workerType: string) {
    super(`worker type ${workerType} already exists with a different definition`);
    this.name = 'WorkerTypeAlreadyExistsError';
  }
}

export class WorkerTypeNotFoundError extends ModelError {
  readonly code = 'WorkerTypeNotFound';
  readonly kind = 'not-found';
  constructor(readonly workerType: string) {
    super(`worker type ${workerType} does not exist`);
    this.name = 'WorkerTypeNotFoundError';
  }
}

/** An optimistic-locking write lost: someone else wrote the record since it was read. */
export class VersionConflictError extends ModelError {
  readonly code = 'VersionConflict';
  readonly kind = 'conflict';
  constructor(
    readonly what: string,
    readonly expectedVersion: number,
  ) {
    super(`${what} changed concurrently (expected version ${expectedVersion}); re-read and retry`);
    this.name = 'VersionConflictError';
  }
}

export class SecretAlreadyExistsError extends ModelError {
  readonly code = 'SecretAlreadyExists';
  readonly kind = 'conflict';
  constructor() {
    // the token is a capability: keep it out of the message
    super('a secret with this token already exists');
    this.name = 'SecretAlreadyExistsError';
  }
}

export class SecretNotFoundError extends ModelError {
  readonly code = 'SecretNotFound';
  readonly kind = 'not-found';
  constructor() {
    super('no such secret, or it has expired');
    this.name = 'SecretNotFoundError';
  }
}

export class ClientAlreadyExistsError extends ModelError {
  readonly code = 'ClientAlreadyExists';
  readonly kind = 'conflict';
  constructor(readonly clientId: string) {
    super(`client ${clientId} already exists`);
    this.name = 'ClientAlreadyExistsError';
  }
}

export class ClientNotFoundError extends ModelError {
  readonly code = 'ClientNotFound';
  readonly kind = 'not-found';
  constructor(readonly clientId: string) {
    super(`client ${clientId} does not exist`);
    this.name = 'ClientNotFoundError';
  }
}

/** Renewing a lease this holder does not (or no longer) hold. */
export class LeaseNotHeldError extends ModelError {
  readonly code = 'LeaseNotHeld';
  readonly kind = 'conflict';
  constructor(readonly holderId: string) {
    super(`lease is not held by ${holderId} (taken by another holder or expired)`);
    this.name = 'LeaseNotHeldError';
  }
}

/** Ciphertext was tampered with, bound to another record, or sealed under an unknown key. */
export class DecryptionError extends ModelError {
  readonly code = 'DecryptionFailed';
  readonly kind = 'corrupt';
  constructor(reason: string) {
    super(`cannot decrypt stored value: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/** SECRETS_KEY / SECRETS_KEY_PREVIOUS missing or malformed; never echoes key material. */
export class KeyringConfigError extends ModelError {
  readonly code = 'KeyringConfig';
  readonly kind = 'internal';
  constructor(readonly reasons: readonly string[]) {
    super(`invalid encryption key configuration: ${reasons.join('; ')}`);
    this.name = 'KeyringConfigError';
  }
}

export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}

const guard =
  <T extends ModelError>(cls: abstract new (...args: never[]) => T) =>
  (error: unknown): error is T =>
    error instanceof cls;

export const isInvalidRecord = guard(InvalidRecordError);
export const isCorruptRecord = guard(CorruptRecordError);
export const isStoreUnavailable = guard(StoreUnavailableError);
export const isWorkerTypeAlreadyExists = guard(WorkerTypeAlreadyExistsError);
export const isWorkerTypeNotFound = guard(WorkerTypeNotFoundError);
export const isVersionConflict = guard(VersionConflictError);
export const isSecretAlreadyExists = guard(SecretAlreadyExistsError);
export const isSecretNotFound = guard(SecretNotFoundError);
export const isClientAlreadyExists = guard(ClientAlreadyExistsError);
export const isClientNotFound = guard(ClientNotFoundError);
export const isLeaseNotHeld = guard(LeaseNotHeldError);
export const isDecryptionError = guard(DecryptionError);
export const isKeyringConfigError = guard(KeyringConfigError);

/** Network-level failures of the AWS SDK's HTTP handler: the store did not answer. */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const UNAVAILABLE_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether an AWS SDK error means the service could not be reached or could not serve
 * the request now (network errors, timeouts, throttling, 5xx), as opposed to refusing
 * the request itself (validation, conditional check, access denied).
 */
export function isAwsUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: errors from Node's sockets may come from another realm (a test VM).
  if (typeof error !== 'object' || error === null) return false;
  const meta = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  if (typeof meta.name === 'string' && UNAVAILABLE_ERROR_NAMES.has(meta.name)) return true;
  if (typeof meta.code === 'string' && UNAVAILABLE_ERROR_CODES.has(meta.code)) return true;
  // The SDK's retry step re-wraps some network errors into a plain Error, keeping only the text.
  if (typeof meta.message === 'string' && UNAVAILABLE_MESSAGE.test(meta.message)) return true;
  if (meta.$retryable?.throttling) return true;
  const status = meta.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

const UNAVAILABLE_MESSAGE = new RegExp(`\\b(${[...UNAVAILABLE_ERROR_CODES].join('|')})\\b`);

/** The kind an error declares (ModelError, or any error with a known `kind`), if any. */
export function errorKindOf(error: unknown): ErrorKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const kind = (error as { kind?: unknown }).kind;
  return ERROR_KINDS.includes(kind as ErrorKind) ? (kind as ErrorKind) : undefined;
}
