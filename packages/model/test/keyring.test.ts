import { randomBytes } from 'node:crypto';
import {
  DecryptionError,
  KeyringConfigError,
  devKeyring,
  generateKey,
  isDecryptionError,
  keyringFromEnv,
  keyringFromKeys,
  openJson,
  sealJson,
} from '../src';

const reasonsOf = (thunk: () => unknown): readonly string[] => {
  try {
    thunk();
  } catch (error) {
    if (error instanceof KeyringConfigError) return error.reasons;
    throw error;
  }
  throw new Error('expected a KeyringConfigError');
};

describe('keyringFromEnv', () => {
  it('reads the current key and previous keys', () => {
    const current = generateKey();
    const previous = [generateKey(), generateKey()];
    const keyring = keyringFromEnv({ SECRETS_KEY: current, SECRETS_KEY_PREVIOUS: ` ${previous[0]}, ${previous[1]} ,` });
    expect(keyring.current.material).toEqual(Buffer.from(current, 'base64'));
    expect(keyring.previous.map((key) => key.material.toString('base64'))).toEqual(previous);
    expect(keyring.current.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('explains a missing key', () => {
    expect(reasonsOf(() => keyringFromEnv({}))).toEqual([expect.stringContaining('SECRETS_KEY is not set')]);
  });

  it('lists every malformed key without echoing any key material', () => {
    const short = randomBytes(16).toString('base64');
    const notBase64 = 'this is !! not base64';
    const shortPrevious = randomBytes(31).toString('base64');
    let message = '';
    try {
      keyringFromEnv({ SECRETS_KEY: short, SECRETS_KEY_PREVIOUS: `${generateKey()},${notBase64},${shortPrevious}` });
    } catch (error) {
      expect(error).toBeInstanceOf(KeyringConfigError);
      message = (error as Error).message;
      expect((error as KeyringConfigError).reasons).toEqual([
        'SECRETS_KEY decodes to 16 bytes, expected 32',
        'SECRETS_KEY_PREVIOUS[1] is not base64',
        'SECRETS_KEY_PREVIOUS[2] decodes to 31 bytes, expected 32',
      ]);
    }
    expect(message).not.toBe('');
    for (const secret of [short, notBase64, shortPrevious]) expect(message).not.toContain(secret);
  });
});

describe('sealed values', () => {
  const value = { password: 'hunter2', nested: { list: [1, 'two', null, {}], empty: [] } };

  it('round-trip under the key that sealed them', () => {
    const keyring = devKeyring();
    const sealed = sealJson(keyring, 'secret:abc', value);
    expect(JSON.stringify(sealed)).not.toContain('hunter2');
    expect(openJson(keyring, 'secret:abc', sealed)).toEqual(value);
  });

  it('still open after the key rotates to previous', () => {
    const old = generateKey();
    const sealed = sealJson(keyringFromKeys(old), 'ctx', value);
    const rotated = keyringFromKeys(generateKey(), [old]);
    expect(openJson(rotated, 'ctx', sealed)).toEqual(value);
    expect(sealJson(rotated, 'ctx', value).kid).toBe(rotated.current.id);
  });

  it('fail with a typed error under an unknown key', () => {
    const sealed = sealJson(devKeyring(), 'ctx', value);
    expect(() => openJson(devKeyring(), 'ctx', sealed)).toThrow(/unknown key id/);
  });

  it('fail when any byte of the ciphertext, tag or iv changes', () => {
    const keyring = devKeyring();
    const sealed = sealJson(keyring, 'ctx', value);
    for (const field of ['ct', 'tag', 'iv'] as const) {
      const bytes = Buffer.from(sealed[field], 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      const tampered = { ...sealed, [field]: bytes.toString('base64') };
      let caught: unknown;
      try {
        openJson(keyring, 'ctx', tampered);
      } catch (error) {
        caught = error;
      }
      expect(isDecryptionError(caught)).toBe(true);
    }
  });

  it('fail when moved to another record', () => {
    const keyring = devKeyring();
    const sealed = sealJson(keyring, 'secret:one', value);
    expect(() => openJson(keyring, 'secret:two', sealed)).toThrow(DecryptionError);
  });

  it('fail on a malformed envelope', () => {
    expect(() => openJson(devKeyring(), 'ctx', { v: 1, kid: 'x' })).toThrow(/malformed envelope/);
    expect(() => openJson(devKeyring(), 'ctx', 'plaintext')).toThrow(DecryptionError);
  });
});
