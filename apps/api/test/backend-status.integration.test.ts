import { LEASE_DURATION_MS } from '@spot-provisioner/model';
import { testApiForFile } from './support';

describe('backendStatus from the heartbeat', () => {
  const api = testApiForFile('backendstatus');

  const backendStatus = async () => (await fetch(`${api.baseUrl}/api/aws-provisioner/v1/backend-status`)).json();

  it('is unhealthy, saying why, when the last iteration reached no region although it checked in just now', async () => {
    const finishedAt = api.clock.date().toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 15_000, launches: 0, errors: 2, terminations: 0, ok: false,
      regions: 2, failedRegions: ['us-east-1', 'us-west-2'], failure: 'no-region-reached',
    });
    expect(await backendStatus()).toEqual({
      status: 'unhealthy',
      lastCheckedIn: finishedAt,
      degraded: 'the last iteration reached no region (us-east-1, us-west-2 failed)',
    });
  });

  it('stays healthy when one region of two failed', async () => {
    const finishedAt = api.clock.date().toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 900, launches: 1, errors: 1, terminations: 0, ok: false,
      regions: 2, failedRegions: ['us-west-2'],
    });
    expect(await backendStatus()).toEqual({ status: 'healthy', lastCheckedIn: finishedAt });
  });

  it('is unhealthy when the last iteration was abandoned at its deadline', async () => {
    const finishedAt = api.clock.date().toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 90_000, launches: 0, errors: 1, terminations: 0, ok: false, failure: 'deadline-exceeded',
    });
    expect(await backendStatus()).toMatchObject({ status: 'unhealthy', degraded: 'the last iteration passed its deadline and was abandoned' });
  });

  it('is unhealthy, saying for how long, once the lease holder has not renewed for one lease period', async () => {
    const { provisioner } = api.deps.repositories;
    const renewedAt = api.clock.date();
    expect((await provisioner.acquireLease('daemon-killed', renewedAt)).acquired).toBe(true);
    const finishedAt = renewedAt.toISOString();
    await provisioner.recordHeartbeat({ startedAt: finishedAt, finishedAt, durationMs: 900, launches: 0, errors: 0, terminations: 0, ok: true, iterationPeriodMs: 300_000 });
    expect(await backendStatus()).toEqual({ status: 'healthy', lastCheckedIn: finishedAt });

    // kill -9: the holder neither renews nor releases; its heartbeat alone would look fine for 3 periods
    api.clock.advance(LEASE_DURATION_MS + 12_000);
    expect(await backendStatus()).toEqual({
      status: 'unhealthy',
      lastCheckedIn: finishedAt,
      degraded: `no active daemon for ${LEASE_DURATION_MS / 1000 + 12} s: daemon-killed last renewed the lease at ${finishedAt}`,
    });
    await provisioner.releaseLease('daemon-killed');
  });
});
