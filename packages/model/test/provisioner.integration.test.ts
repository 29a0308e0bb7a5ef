import { LEASE_DURATION_MS, isLeaseLive, isLeaseNotHeld, type Heartbeat, type ProvisionerRepository } from '../src';
import { at, contractRepositories, IMPLEMENTATIONS, type Implementation, rejectionOf } from './support';

let implementation: Implementation;
let shared: ProvisionerRepository;

/** A fresh set of tables per test keeps lease tests independent. */
async function freshRepository(): Promise<ProvisionerRepository> {
  return (await contractRepositories(implementation, 'lease')).provisioner;
}

const t0 = at('2026-11-22T08:00:00.000Z');
const later = (ms: number): Date => new Date(t0.getTime() + ms);

describe.each(IMPLEMENTATIONS)('Provisioner repository (%s)', (kind) => {
beforeAll(async () => {
  implementation = kind;
  shared = (await contractRepositories(kind, 'provisioner')).provisioner;
});

describe('Provisioner lease', () => {
  it('is taken by the first holder and refused to a second while live', async () => {
    const repo = await freshRepository();
    const first = await repo.acquireLease('daemon-a', t0);
    expect(first).toEqual({
      acquired: true,
      lease: {
        holderId: 'daemon-a',
        acquiredAt: t0.toISOString(),
        renewedAt: t0.toISOString(),
        expiresAt: later(LEASE_DURATION_MS).toISOString(),
      },
    });
    const second = await repo.acquireLease('daemon-b', later(LEASE_DURATION_MS - 1));
    expect(second).toEqual({ acquired: false, holder: first.acquired ? first.lease : null });
  });

  it('goes to exactly one of two daemons racing for it', async () => {
    const repo = await freshRepository();
    const results = await Promise.all(['daemon-a', 'daemon-b'].map((holder) => repo.acquireLease(holder, t0)));
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
    const winner = results.find((result) => result.acquired);
    const lease = await repo.getLease();
    expect(winner?.acquired && winner.lease).toEqual(lease);
  });

  it('can be taken over once the holder has let it expire', async () => {
    const repo = await freshRepository();
    await repo.acquireLease('crashed', t0);
    const takeover = await repo.acquireLease('standby', later(LEASE_DURATION_MS));
    expect(takeover.acquired).toBe(true);
    expect((await repo.getLease())!.holderId).toBe('standby');
  });

  it('is re-acquired by its own holder', async () => {
    const repo = await freshRepository();
    await repo.acquireLease('daemon-a', t0);
    expect((await repo.acquireLease('daemon-a', later(1000))).acquired).toBe(true);
  });

  it('is renewed by its holder, extending the expiry', async () => {
    const repo = await freshRepository();
    await repo.acquireLease('daemon-a', t0);
    const halfway = LEASE_DURATION_MS / 2;
    const renewed = await repo.renewLease('daemon-a', later(halfway));
    expect(renewed).toEqual({
      holderId: 'daemon-a',
      acquiredAt: t0.toISOString(),
      renewedAt: later(halfway).toISOString(),
      expiresAt: later(halfway + LEASE_DURATION_MS).toISOString(),
    });
    expect(isLeaseLive(renewed, later(LEASE_DURATION_MS + 1))).toBe(true);
    expect((await repo.acquireLease('daemon-b', later(LEASE_DURATION_MS + 1))).acquired).toBe(false);
  });

  it('cannot be renewed by a non-holder', async () => {
    const repo = await freshRepository();
    await repo.acquireLease('daemon-a', t0);
    expect(isLeaseNotHeld(await rejectionOf(repo.renewLease('daemon-b', later(1000))))).toBe(true);
    expect((await repo.getLease())!.holderId).toBe('daemon-a');
  });

  it('cannot be renewed after it expired, nor once another holder took it', async () => {
    const repo = await freshRepository();
    await repo.acquireLease('daemon-a', t0);
    expect(isLeaseNotHeld(await rejectionOf(repo.renewLease('daemon-a', later(LEASE_DURATION_MS))))).toBe(true);
    await repo.acquireLease('daemon-b', later(LEASE_DURATION_MS));
    expect(isLeaseNotHeld(await rejectionOf(repo.renewLease('daemon-a', later(LEASE_DURATION_MS + 1))))).toBe(true);
  });

  it('cannot be renewed when nobody holds it', async () => {
    const repo = await freshRepository();
    expect(isLeaseNotHeld(await rejectionOf(repo.renewLease('daemon-a', t0)))).toBe(true);
  });

  it('is released only by its holder, and is then free for others', async () => {
    const repo = await freshRepository();
    await repo.acquireLease('daemon-a', t0);
    expect(await repo.releaseLease('daemon-b')).toBe(false);
    expect((await repo.getLease())!.holderId).toBe('daemon-a');
    expect(await repo.releaseLease('daemon-a')).toBe(true);
    expect(await repo.getLease()).toBeNull();
    expect(await repo.releaseLease('daemon-a')).toBe(false);
    expect((await repo.acquireLease('daemon-b', later(1))).acquired).toBe(true);
  });
});

describe('Provisioner heartbeat', () => {
  const heartbeat: Heartbeat = {
    holderId: 'daemon-a',
    startedAt: '2026-11-22T08:00:00.000Z',
    finishedAt: '2026-11-22T08:00:04.250Z',
    durationMs: 4250,
    launches: 3,
    errors: 1,
    terminations: 2,
    ok: false,
  };

  it('is absent before the first iteration', async () => {
    expect(await shared.getHeartbeat()).toBeNull();
  });

  it('keeps the last iteration written, beside the lease', async () => {
    const repo = shared;
    await repo.acquireLease('daemon-a', t0);
    await repo.recordHeartbeat(heartbeat);
    await repo.recordHeartbeat({ ...heartbeat, ok: true, errors: 0, holderId: undefined });
    expect(await repo.getHeartbeat()).toEqual({ ...heartbeat, ok: true, errors: 0, holderId: undefined });
    expect((await repo.getLease())!.holderId).toBe('daemon-a');
  });
});
});
