import { startTestApi, type TestApi } from './support';

describe('backendStatus from the heartbeat', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('backendstatus');
  });
  afterAll(async () => api.close());

  const backendStatus = async () => (await fetch(`${api.baseUrl}/api/aws-provisioner/v1/backend-status`)).json();

  it('is unhealthy, saying why, when the last iteration reached no region although it checked in just now', async () => {
    const finishedAt = api.clock.now().toISOString();
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
    const finishedAt = api.clock.now().toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 900, launches: 1, errors: 1, terminations: 0, ok: false,
      regions: 2, failedRegions: ['us-west-2'],
    });
    expect(await backendStatus()).toEqual({ status: 'healthy', lastCheckedIn: finishedAt });
  });

  it('is unhealthy when the last iteration was abandoned at its deadline', async () => {
    const finishedAt = api.clock.now().toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 90_000, launches: 0, errors: 1, terminations: 0, ok: false, failure: 'deadline-exceeded',
    });
    expect(await backendStatus()).toMatchObject({ status: 'unhealthy', degraded: 'the last iteration passed its deadline and was abandoned' });
  });
});
