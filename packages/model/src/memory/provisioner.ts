/** In-memory twin of the Provisioner table: the lease with the same conditions, and the heartbeat. */
import { LeaseNotHeldError } from '../errors';
import { parseOrThrow } from '../repositories/dynamo';
import { LEASE_DURATION_MS, type LeaseAcquisition, type ProvisionerRepository } from '../repositories/provisioner';
import { HeartbeatSchema, LeaseSchema, type Heartbeat, type Lease } from '../schemas/provisioner';

export class MemoryProvisionerRepository implements ProvisionerRepository {
  private lease: Lease | null = null;
  private heartbeat: Heartbeat | null = null;

  async acquireLease(holderId: string, now: Date, durationMs = LEASE_DURATION_MS): Promise<LeaseAcquisition> {
    const lease = parseOrThrow(
      LeaseSchema,
      {
        holderId,
        acquiredAt: now.toISOString(),
        renewedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + durationMs).toISOString(),
      },
      'lease',
    );
    const current = this.lease;
    if (current && Date.parse(current.expiresAt) > now.getTime() && current.holderId !== holderId) {
      return { acquired: false, holder: { ...current } };
    }
    this.lease = lease;
    return { acquired: true, lease: { ...lease } };
  }

  async renewLease(holderId: string, now: Date, durationMs = LEASE_DURATION_MS): Promise<Lease> {
    const current = this.lease;
    if (!current || current.holderId !== holderId || Date.parse(current.expiresAt) <= now.getTime()) {
      throw new LeaseNotHeldError(holderId);
    }
    this.lease = {
      ...current,
      renewedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + durationMs).toISOString(),
    };
    return { ...this.lease };
  }

  async releaseLease(holderId: string): Promise<boolean> {
    if (this.lease?.holderId !== holderId) return false;
    this.lease = null;
    return true;
  }

  async getLease(): Promise<Lease | null> {
    return this.lease ? { ...this.lease } : null;
  }

  async recordHeartbeat(heartbeat: Heartbeat): Promise<void> {
    this.heartbeat = structuredClone(parseOrThrow(HeartbeatSchema, heartbeat, 'heartbeat'));
  }

  async getHeartbeat(): Promise<Heartbeat | null> {
    return this.heartbeat ? structuredClone(this.heartbeat) : null;
  }
}
