/**
 * Typed domain errors. Each carries a stable `code` so callers (the API's error
 * handler, the daemon) can branch with the guards below instead of parsing messages.
 * Messages never contain keys, access tokens or secret payloads.
 */
export type ModelErrorCode =
  | 'InvalidRecord'
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

export abstract class ModelError extends Error {
  abstract readonly code: ModelErrorCode;
}

/** Input or stored data failed its schema; `reasons` lists every problem. */
export class InvalidRecordError extends ModelError {
  readonly code = 'InvalidRecord';
  constructor(
    readonly what: string,
    readonly reasons: readonly string[],
  ) {
    super(`invalid ${what}: ${reasons.join('; ')}`);
    this.name = 'InvalidRecordError';
  }
}

/** createWorkerType with a definition that differs from the stored one (the API's 409). */
export class WorkerTypeAlreadyExistsError extends ModelError {
  readonly code = 'WorkerTypeAlreadyExists';
  constructor(readonly workerType: string) {
    super(`worker type ${workerType} already exists with a different definition`);
    this.name = 'WorkerTypeAlreadyExistsError';
  }
}

export class WorkerTypeNotFoundError extends ModelError {
  readonly code = 'WorkerTypeNotFound';
  constructor(readonly workerType: string) {
    super(`worker type ${workerType} does not exist`);
    this.name = 'WorkerTypeNotFoundError';
  }
}

/** An optimistic-locking write lost: someone else wrote the record since it was read. */
export class VersionConflictError extends ModelError {
  readonly code = 'VersionConflict';
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
  constructor() {
    // the token is a capability: keep it out of the message
    super('a secret with this token already exists');
    this.name = 'SecretAlreadyExistsError';
  }
}

export class SecretNotFoundError extends ModelError {
  readonly code = 'SecretNotFound';
  constructor() {
    super('no such secret, or it has expired');
    this.name = 'SecretNotFoundError';
  }
}

export class ClientAlreadyExistsError extends ModelError {
  readonly code = 'ClientAlreadyExists';
  constructor(readonly clientId: string) {
    super(`client ${clientId} already exists`);
    this.name = 'ClientAlreadyExistsError';
  }
}

export class ClientNotFoundError extends ModelError {
  readonly code = 'ClientNotFound';
  constructor(readonly clientId: string) {
    super(`client ${clientId} does not exist`);
    this.name = 'ClientNotFoundError';
  }
}

/** Renewing a lease this holder does not (or no longer) hold. */
export class LeaseNotHeldError extends ModelError {
  readonly code = 'LeaseNotHeld';
  constructor(readonly holderId: string) {
    super(`lease is not held by ${holderId} (taken by another holder or expired)`);
    this.name = 'LeaseNotHeldError';
  }
}

/** Ciphertext was tampered with, bound to another record, or sealed under an unknown key. */
export class DecryptionError extends ModelError {
  readonly code = 'DecryptionFailed';
  constructor(reason: string) {
    super(`cannot decrypt stored value: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/** SECRETS_KEY / SECRETS_KEY_PREVIOUS missing or malformed; never echoes key material. */
export class KeyringConfigError extends ModelError {
  readonly code = 'KeyringConfig';
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
