/**
 * The SSH key pair instances launch with, when INSTANCE_PUBLIC_KEY is configured: imported
 * once per region under a name derived from the key, so a new key gets a new name and an
 * unchanged one is never imported twice.
 */
import { createHash } from 'node:crypto';
import type { Ec2Port } from './port';

/** Hex digits of the key's sha256 in the name: enough to tell keys apart, short enough to read. */
const KEY_HASH_DIGITS = 12;

export function keyPairName(prefix: string, publicKey: string): string {
  const hash = createHash('sha256').update(publicKey.trim()).digest('hex').slice(0, KEY_HASH_DIGITS);
  return `${prefix}-${hash}`;
}

export class KeyPairs {
  readonly keyName: string;
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(
    private readonly ec2: Ec2Port,
    prefix: string,
    private readonly publicKey: string,
  ) {
    this.keyName = keyPairName(prefix, publicKey);
  }

  /** Makes sure the key pair exists in the region; resolves its name. */
  async ensure(region: string): Promise<string> {
    let pending = this.ensured.get(region);
    if (!pending) {
      pending = this.importIfMissing(region);
      this.ensured.set(region, pending);
      // a failure is retried on the next launch rather than remembered
      pending.catch(() => this.ensured.delete(region));
    }
    await pending;
    return this.keyName;
  }

  private async importIfMissing(region: string): Promise<void> {
    if (await this.ec2.keyPairExists(region, this.keyName)) return;
    await this.ec2.importKeyPair(region, this.keyName, this.publicKey.trim());
  }
}
