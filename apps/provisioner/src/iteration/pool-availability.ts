/**
 * Pools (region, zone, instance type, market) that recently refused a launch for lack of
 * capacity or price. Kept in memory: after a restart EC2 simply tells us again.
 */
import type { Market, UnavailablePool } from '@spot-provisioner/bidding';
import type { Clock } from '../clock';

/** Spot capacity shortages usually last minutes; retrying a refusing pool sooner only burns API calls. */
export const POOL_UNAVAILABLE_MS = 5 * 60_000;

export interface PoolKey {
  region: string;
  availabilityZone: string;
  instanceType: string;
  market?: Market;
}

export class PoolAvailability {
  private readonly pools = new Map<string, UnavailablePool>();

  constructor(
    private readonly clock: Clock,
    private readonly cooldownMs = POOL_UNAVAILABLE_MS,
  ) {}

  markUnavailable(pool: PoolKey): void {
    const entry: UnavailablePool = {
      region: pool.region,
      availabilityZone: pool.availabilityZone,
      instanceType: pool.instanceType,
      until: this.clock.now() + this.cooldownMs,
      ...(pool.market ? { market: pool.market } : {}),
    };
    this.pools.set(key(pool), entry);
  }

  /** The pools still unavailable now (expired entries are forgotten). */
  current(): UnavailablePool[] {
    const now = this.clock.now();
    for (const [k, pool] of this.pools) if (pool.until <= now) this.pools.delete(k);
    return [...this.pools.values()];
  }
}

function key(pool: PoolKey): string {
  return [pool.region, pool.availabilityZone, pool.instanceType, pool.market ?? '*'].join('\u0000');
}
