/**
 * Keys for encryption at rest. The current key seals and opens; previous keys only
 * open, so a key can rotate without re-encrypting the tables first. A key's id is
 * derived from the key itself, so rotation needs no id bookkeeping.
 */
import { createHash, randomBytes } from 'node:crypto';
import { KeyringConfigError } from '../errors';

/** AES-256 needs exactly 32 bytes of key. */
export const KEY_BYTES = 32;

export interface EncryptionKey {
  /** First 8 hex digits of sha256(key): identifies the key beside each ciphertext. */
  readonly id: string;
  readonly material: Buffer;
}

export interface Keyring {
  readonly current: EncryptionKey;
  readonly previous: readonly EncryptionKey[];
}

export function keyId(material: Buffer): string {
  return createHash('sha256').update(material).digest('hex').slice(0, 8);
}

/** Decodes one base64 key named `name` in messages; pushes a reason (never the material) if it is not one. */
export function decodeKey(name: string, encoded: string, reasons: string[]): EncryptionKey | undefined {
  const trimmed = encoded.trim();
  // standard or url-safe alphabet; Buffer decodes both
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    reasons.push(`${name} is not base64`);
    return undefined;
  }
  const material = Buffer.from(trimmed, 'base64');
  if (material.length !== KEY_BYTES) {
    reasons.push(`${name} decodes to ${material.length} bytes, expected ${KEY_BYTES}`);
    return undefined;
  }
  return { id: keyId(material), material };
}

/** Builds a keyring from base64 keys; lists every problem without echoing key material. */
export function keyringFromKeys(current: string, previous: readonly string[] = []): Keyring {
  const reasons: string[] = [];
  const currentKey = decodeKey('SECRETS_KEY', current, reasons);
  const previousKeys = previous
    .map((encoded, index) => decodeKey(`SECRETS_KEY_PREVIOUS[${index}]`, encoded, reasons))
    .filter((key): key is EncryptionKey => key !== undefined);
  if (!currentKey || reasons.length > 0) throw new KeyringConfigError(reasons);
  return { current: currentKey, previous: previousKeys };
}

/**
 * Reads `SECRETS_KEY` (base64 of 32 bytes; encrypts and decrypts) and the optional
 * `SECRETS_KEY_PREVIOUS` (comma-separated base64 keys; decrypt only).
 */
export function keyringFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Keyring {
  const current = env.SECRETS_KEY;
  if (current === undefined || current.trim() === '') {
    throw new KeyringConfigError([
      `SECRETS_KEY is not set: give base64 of ${KEY_BYTES} random bytes (e.g. \`openssl rand -base64 32\`)`,
    ]);
  }
  const previous = (env.SECRETS_KEY_PREVIOUS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  return keyringFromKeys(current, previous);
}

/** A fresh random key, base64: for development, tests and `SECRETS_KEY` generation. */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** A keyring with one fresh random key: for development and tests only (lost on restart). */
export function devKeyring(): Keyring {
  return keyringFromKeys(generateKey());
}

export function findKey(keyring: Keyring, id: string): EncryptionKey | undefined {
  if (keyring.current.id === id) return keyring.current;
  return keyring.previous.find((key) => key.id === id);
}
