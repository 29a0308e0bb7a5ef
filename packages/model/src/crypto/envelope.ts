/**
 * AES-256-GCM envelopes for values stored at rest. The associated data binds a
 * ciphertext to its record (e.g. `secret:<token>`), so copying a ciphertext onto
 * another record fails to decrypt just like tampering does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DecryptionError } from '../errors';
import { findKey, type Keyring } from './keyring';

const ALGORITHM = 'aes-256-gcm';
/** 96-bit IVs are GCM's native size; random IVs are safe far beyond our write volume. */
const IV_BYTES = 12;
/** Full 128-bit authentication tag: the strongest GCM offers. */
const TAG_BYTES = 16;
const ENVELOPE_VERSION = 1;

export const EnvelopeSchema = z.strictObject({
  v: z.literal(ENVELOPE_VERSION),
  kid: z.string().min(1),
  iv: z.base64(),
  ct: z.base64(),
  tag: z.base64(),
});
/** What the tables store in place of a plaintext. */
export type Envelope = z.infer<typeof EnvelopeSchema>;

export function sealJson(keyring: Keyring, context: string, value: unknown): Envelope {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyring.current.material, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    v: ENVELOPE_VERSION,
    kid: keyring.current.id,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function openJson(keyring: Keyring, context: string, stored: unknown): unknown {
  const parsed = EnvelopeSchema.safeParse(stored);
  if (!parsed.success) throw new DecryptionError('malformed envelope');
  const envelope = parsed.data;
  const key = findKey(keyring, envelope.kid);
  if (!key) throw new DecryptionError(`sealed under unknown key id ${envelope.kid}`);
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError('malformed envelope');
  let plaintext: string;
  try {
    const decipher = createDecipheriv(ALGORITHM, key.material, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('authentication failed (tampered, or bound to another record)');
  }
  return JSON.parse(plaintext);
}
