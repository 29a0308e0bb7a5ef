/**
 * A dead daemon is noticed and replaced quickly: the holder renews its lease every
 * LEASE_RENEW_INTERVAL_MS whether it iterates or not, a standby polls as often and takes over
 * (and iterates at once) within two lease periods of the last renewal, and a standby that
 * cannot take over says there is no active daemon. Time is the injected clock's.
 */
import { LEASE_DURATION_MS, type Lease } from '@spot-provisioner/model';
import { Daemon, LEASE_RENEW_INTERVAL_MS, YIELD_COOLDOWN_MS } from '../src/daemon/daemon';
import type { IterationReport } from '../src/iteration/iteration';
import { harnessForEachTest } from './support/harness';

describe('the lease between daemons', () => {
  const h = harnessForEachTest('daemonlease');

  /** A daemon whose iterations do nothing, or reach none of its one region. */
  const daemon = (holderId: string, reach: 'ok' | 'no region' = 'ok') =>
    new Daemon({
      holderId,
      provisioner: h.repos.provisioner,
      clock: h.clock,
      logger: h.logger,
      regions: ['us-east-1'],
      iterate: async (): Promise<IterationReport> => {
        const at = new Date(h.clock.now());
        const failedRegions = reach === 'ok' ? [] : ['us-east-1'];
        return { startedAt: at, finishedAt: at, durationMs: 0, workerTypes: 0, launches: 0, terminations: 0, cancellations: 0, errors: 0, failedRegions, failedWorkerTypes: [], abandoned: false };
      },
    });

  it('keeps the lease between iterations by renewing it, and is replaced within two lease periods of its last renewal once it dies', async () => {
    const a = daemon('daemon-a');
    const b = daemon('daemon-b');
    expect(await a.tick()).toBe('iterated');
    // a's iterations may be minutes apart: its renewals alone keep the lease
    for (let elapsed = 0; elapsed < 3 * LEASE_DURATION_MS; elapsed += LEASE_RENEW_INTERVAL_MS) {
      h.clock.advance(LEASE_RENEW_INTERVAL_MS);
      expect(await a.pollLease()).toBe('renewed');
      expect(await b.pollLease()).toBe('standby');
    }
    expect(b.status().health).toEqual({ healthy: true, cause: null });
    const lastRenewal = h.clock.now();

    // kill -9 of a: nothing renews or releases its lease; b polls on its own schedule
    let takenOverAt: number | undefined;
    while (takenOverAt === undefined && h.clock.now() - lastRenewal <= 2 * LEASE_DURATION_MS) {
      h.clock.advance(LEASE_RENEW_INTERVAL_MS);
      if ((await b.pollLease()) === 'iterated') takenOverAt = h.clock.now();
    }
    expect(takenOverAt).toBeDefined();
    expect((takenOverAt as number) - lastRenewal).toBeLessThanOrEqual(2 * LEASE_DURATION_MS);
    expect((await h.repos.provisioner.getLease())?.holderId).toBe('daemon-b');
    expect((await h.repos.provisioner.getHeartbeat())?.holderId).toBe('daemon-b');
    await b.shutdown();
  });

  it("says 'no active daemon for N s' on a standby that cannot take over, once the holder is silent for one lease period", async () => {
    const b = daemon('daemon-b', 'no region');
    const a = daemon('daemon-a');
    expect(await b.tick()).toBe('failed'); // reached no region: b gives the lease up and stands by for YIELD_COOLDOWN_MS
    expect(await a.tick()).toBe('iterated');
    const renewedAt = h.clock.now();

    h.clock.advance(LEASE_DURATION_MS / 2);
    expect(await b.pollLease()).toBe('standby');
    expect(b.status().health).toMatchObject({ cause: 'no-region-reached' });

    h.clock.advance(LEASE_DURATION_MS / 2 + 5_000);
    expect(h.clock.now() - renewedAt).toBeLessThan(YIELD_COOLDOWN_MS);
    expect(await b.pollLease()).toBe('standby');
    expect(b.status().health).toEqual({
      healthy: false,
      cause: 'no-active-daemon',
      detail: `no active daemon for ${LEASE_DURATION_MS / 1000 + 5} s: daemon-a last renewed the lease at ${new Date(renewedAt).toISOString()}`,
    });
    await b.shutdown();
  });

  it('stops renewing, and stands by, when another daemon holds the lease it thought it had', async () => {
    const a = daemon('daemon-a');
    expect(await a.tick()).toBe('iterated');
    h.clock.advance(LEASE_DURATION_MS + 1); // a was paused (SIGSTOP) past its lease; c took it
    expect((await h.repos.provisioner.acquireLease('daemon-c', new Date(h.clock.now()))).acquired).toBe(true);
    expect(await a.pollLease()).toBe('standby');
    expect(a.status().leaseHeld).toBe(false);
    expect(((await h.repos.provisioner.getLease()) as Lease).holderId).toBe('daemon-c');
  });
});
