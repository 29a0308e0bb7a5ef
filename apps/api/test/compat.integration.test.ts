/**
 * The official taskcluster-client@19.0.0 AwsProvisioner calls every method of the API,
 * Hawk-authenticated, against a listening server (rootUrl style: /api/aws-provisioner/v1/).
 */
import taskcluster from 'taskcluster-client';
import slugid from 'slugid';
import { call, launchableDefinition, ROOT, testApiForFile, type TestApi } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- taskcluster-client ships no types
type Client = any;

describe('taskcluster-client AwsProvisioner against the API', () => {
  const api = testApiForFile('apicompat');
  let root: Client;
  const provisioner = (options: Record<string, unknown>): Client =>
    new taskcluster.AwsProvisioner({ rootUrl: api.baseUrl, retries: 0, ...options });

  beforeAll(() => {
    root = provisioner({ credentials: ROOT });
  });

  it('answers ping and backendStatus', async () => {
    expect(await root.ping()).toMatchObject({ alive: true });
    expect(await root.backendStatus()).toEqual({ status: 'unknown', lastCheckedIn: null });
    const finishedAt = api.clock.date().toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 10, launches: 0, errors: 0, terminations: 0, ok: true,
    });
    expect(await root.backendStatus()).toEqual({ status: 'healthy', lastCheckedIn: finishedAt });
    api.clock.advance(4 * 30_000); // four missed iterations of the default 30 s schedule
    expect(await root.backendStatus()).toEqual({ status: 'unhealthy', lastCheckedIn: finishedAt });
  });

  it('judges backendStatus by the period the daemon records in its heartbeat', async () => {
    const start = api.clock.date();
    const finishedAt = start.toISOString();
    await api.deps.repositories.provisioner.recordHeartbeat({
      startedAt: finishedAt, finishedAt, durationMs: 10, launches: 0, errors: 0, terminations: 0, ok: true,
      iterationPeriodMs: 5 * 60_000,
    });
    try {
      api.clock.advance(10 * 60_000); // two periods of a 5-minute schedule: on time
      expect(await root.backendStatus()).toEqual({ status: 'healthy', lastCheckedIn: finishedAt });
      api.clock.advance(10 * 60_000); // four periods: missed
      expect(await root.backendStatus()).toEqual({ status: 'unhealthy', lastCheckedIn: finishedAt });
    } finally {
      // Hawk checks request timestamps against this clock: later tests sign with real time
      api.clock.set(start);
    }
  });

  it('creates, reads, updates, lists and removes a worker type', async () => {
    const definition = launchableDefinition(api);
    const created = await root.createWorkerType('compat-wt', definition);
    expect(created).toMatchObject({ workerType: 'compat-wt', maxCapacity: 200 });
    expect(await root.createWorkerType('compat-wt', definition)).toEqual(created);

    expect(await root.workerType('compat-wt')).toEqual(created);
    expect(await root.workerTypeLastModified('compat-wt')).toEqual({ workerType: 'compat-wt', lastModified: created.lastModified });
    expect(await root.listWorkerTypes()).toContain('compat-wt');

    api.clock.advance(1000);
    const updated = await root.updateWorkerType('compat-wt', { ...definition, maxCapacity: 20 });
    expect(updated.maxCapacity).toBe(20);
    expect(updated.lastModified).not.toBe(created.lastModified);

    const specs = await root.getLaunchSpecs('compat-wt');
    expect(specs['us-east-1']['c5.2xlarge']['us-east-1a'].launchSpec.InstanceType).toBe('c5.2xlarge');

    expect(await root.state('compat-wt')).toMatchObject({ workerType: 'compat-wt', instances: [], requests: [] });
    await expect(root.state('never-defined')).rejects.toMatchObject({ statusCode: 404 });
    const summaries = await root.listWorkerTypeSummaries();
    expect(summaries).toContainEqual({
      workerType: 'compat-wt', minCapacity: 2, maxCapacity: 20, requestedCapacity: 0, pendingCapacity: 0, runningCapacity: 0,
    });

    expect(await root.removeWorkerType('compat-wt')).toBeUndefined();
    await expect(root.workerType('compat-wt')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('reports the daemon snapshot through state and listWorkerTypeSummaries', async () => {
    await root.createWorkerType('compat-state', launchableDefinition(api));
    const summary = { minCapacity: 2, maxCapacity: 200, requestedCapacity: 2, pendingCapacity: 4, runningCapacity: 6 };
    await api.deps.repositories.workerState.put({
      workerType: 'compat-state',
      instances: [
        { id: 'i-0123456789abcdef0', instanceType: 'm5.4xlarge', region: 'us-east-1', zone: 'us-east-1a', state: 'running', launchTime: api.clock.date().toISOString(), capacity: 4 },
      ],
      requests: [],
      internalTrackedRequests: [],
      summary,
      updatedAt: api.clock.date().toISOString(),
    });
    const state = await root.state('compat-state');
    expect(state.instances).toHaveLength(1);
    expect(state.summary).toEqual(summary);
    expect(await root.listWorkerTypeSummaries()).toContainEqual({ workerType: 'compat-state', ...summary });
  });

  it('stores a secret, hands it out once with credentials this API accepts, and removes it', async () => {
    const token = slugid.v4();
    const expiration = new Date(api.clock.date().getTime() + 40 * 60_000).toISOString();
    const secret = { workerType: 'compat-secret', secrets: { apiKey: 'k' }, scopes: ['queue:worker-id:*'], token, expiration };
    expect(await root.createSecret(token, secret)).toEqual({ outcome: 'success' });
    expect(await root.createSecret(token, secret)).toEqual({ outcome: 'success' });

    expect(await root.instanceStarted('i-0123456789abcdef0', token)).toBeUndefined();
    const worker = provisioner({});
    const got = await worker.getSecret(token);
    expect(got.data).toEqual({ apiKey: 'k' });
    expect(got.scopes).toEqual(['queue:worker-id:*']);
    const certificate = JSON.parse(got.credentials.certificate);
    expect(certificate.scopes).toEqual(['assume:worker-type:aws-provisioner-v1/compat-secret', 'assume:worker-id:*']);
    expect(certificate.expiry - certificate.start).toBe(96 * 3600 * 1000);
    await expect(worker.getSecret(token)).rejects.toMatchObject({ statusCode: 404 });
    // A worker checks in after fetching its secret: the token still identifies it until removeSecret.
    expect(await worker.instanceStarted('i-0123456789abcdef0', token)).toBeUndefined();

    // The issued credentials authenticate (403 for lack of scopes, not 401).
    const asWorker = provisioner({ credentials: got.credentials });
    await expect(asWorker.workerType('compat-secret')).rejects.toMatchObject({ statusCode: 403, code: 'InsufficientScopes' });

    expect(await worker.removeSecret(token)).toBeUndefined();
    expect(await worker.removeSecret(token)).toBeUndefined();
    await expect(worker.instanceStarted('i-0123456789abcdef0', token)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('accepts a stored client within its scopes and temporary credentials it issues', async () => {
    const { accessToken } = await api.deps.repositories.clients.create(
      { clientId: 'compat/team', scopes: ['aws-provisioner:manage-worker-type:team-*'], description: 'team' },
      api.clock.date(),
    );
    const team = provisioner({ credentials: { clientId: 'compat/team', accessToken } });
    await expect(team.createWorkerType('team-linux', launchableDefinition(api))).resolves.toMatchObject({ workerType: 'team-linux' });
    await expect(team.createWorkerType('other-linux', launchableDefinition(api))).rejects.toMatchObject({
      statusCode: 403,
      code: 'InsufficientScopes',
    });

    const temporary = taskcluster.createTemporaryCredentials({
      credentials: { clientId: 'compat/team', accessToken },
      scopes: ['aws-provisioner:manage-worker-type:team-linux'],
      start: api.clock.date(),
      expiry: new Date(api.clock.date().getTime() + 3600_000),
    });
    await expect(provisioner({ credentials: temporary }).workerType('team-linux')).resolves.toMatchObject({ workerType: 'team-linux' });
    await expect(provisioner({ credentials: temporary }).removeWorkerType('team-other')).rejects.toMatchObject({ statusCode: 403 });

    const url = team.buildSignedUrl(team.workerType, 'team-linux');
    const viaBewit = await fetch(url);
    expect(viaBewit.status).toBe(200);
  });

  it('refuses wrong credentials, tampered signatures, expired temporary credentials and missing scopes', async () => {
    await root.createWorkerType('compat-auth', launchableDefinition(api));
    const wrong = provisioner({ credentials: { clientId: 'root', accessToken: 'not-the-token' } });
    await expect(wrong.workerType('compat-auth')).rejects.toMatchObject({ statusCode: 401, code: 'AuthenticationFailed' });
    const unknown = provisioner({ credentials: { clientId: 'nobody', accessToken: 'x' } });
    await expect(unknown.workerType('compat-auth')).rejects.toMatchObject({ statusCode: 401 });

    const expired = taskcluster.createTemporaryCredentials({
      credentials: ROOT,
      scopes: ['*'],
      start: new Date(api.clock.date().getTime() - 3 * 3600_000),
      expiry: new Date(api.clock.date().getTime() - 3600_000),
    });
    await expect(provisioner({ credentials: expired }).workerType('compat-auth')).rejects.toMatchObject({ statusCode: 401 });

    const restricted = provisioner({ credentials: ROOT, authorizedScopes: ['aws-provisioner:view-worker-type:compat-auth'] });
    await expect(restricted.workerType('compat-auth')).resolves.toMatchObject({ workerType: 'compat-auth' });
    await expect(restricted.removeWorkerType('compat-auth')).rejects.toMatchObject({ statusCode: 403, code: 'InsufficientScopes' });

    await expect(provisioner({}).workerType('compat-auth')).rejects.toMatchObject({ statusCode: 403 });

    const signed = await call(api, { method: 'GET', url: '/api/aws-provisioner/v1/worker-type/compat-auth', credentials: ROOT, headers: {} });
    expect(signed.statusCode).toBe(200);
    const tampered = await tamperedRequest(api, '/api/aws-provisioner/v1/worker-type/compat-auth');
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ code: 'AuthenticationFailed', message: 'Hawk: Bad mac' });
  });
});

/** A correctly signed header for one path, replayed against another path. */
async function tamperedRequest(api: TestApi, path: string): Promise<Response> {
  const { header } = (await import('hawk')).default.client.header(`${api.baseUrl}/api/aws-provisioner/v1/worker-type/other`, 'GET', {
    credentials: { id: ROOT.clientId, key: ROOT.accessToken, algorithm: 'sha256' },
  });
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: header } });
}
