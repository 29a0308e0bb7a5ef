import { TestClock } from '@spot-provisioner/testing';
import { POOL_UNAVAILABLE_MS, PoolAvailability } from '../src/iteration/pool-availability';

describe('recently unavailable pools', () => {
  it('remembers a refusing pool for the cooldown, then forgets it', () => {
    const clock = new TestClock(1_000_000);
    const pools = new PoolAvailability(clock);
    pools.markUnavailable({ region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', market: 'spot' });
    expect(pools.current()).toEqual([
      { region: 'us-east-1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', market: 'spot', until: 1_000_000 + POOL_UNAVAILABLE_MS },
    ]);
    clock.advance(POOL_UNAVAILABLE_MS);
    expect(pools.current()).toEqual([]);
  });

  it('extends the cooldown when the same pool refuses again', () => {
    const clock = new TestClock(0);
    const pools = new PoolAvailability(clock);
    const pool = { region: 'us-west-2', availabilityZone: 'us-west-2b', instanceType: 'c5.large' };
    pools.markUnavailable(pool);
    clock.advance(60_000);
    pools.markUnavailable(pool);
    expect(pools.current()).toHaveLength(1);
    expect(pools.current()[0]?.until).toBe(60_000 + POOL_UNAVAILABLE_MS);
  });
});
