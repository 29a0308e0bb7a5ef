import { generateKeyPairSync } from 'node:crypto';

/** A fresh OpenSSH public key line (ssh-ed25519), as INSTANCE_PUBLIC_KEY holds one. */
export function openSshPublicKey(): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  const raw = der.subarray(der.length - 32);
  const field = (buf: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, buf.length]), buf]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} ops@example.com`;
}
