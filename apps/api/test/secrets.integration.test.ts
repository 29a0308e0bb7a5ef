import slugid from 'slugid';
import { call, ROOT, ROOT_ACCESS_TOKEN, testApiForFile, V1 } from './support';

const SECRET_LIFETIME_MS = 40 * 60_000;

describe('secrets and instance check-in', () => {
  const api = testApiForFile('apisec');

  const secretFor = (token: string, workerType = 'wt-secret') => ({
    workerType,
    secrets: { password: 'hunter2-secret-value', pin: 918273645 },
    scopes: ['queue:claim-work:aws-provisioner-v1/wt-secret'],
    token,
    expiration: new Date(api.clock.date().getTime() + SECRET_LIFETIME_MS).toISOString(),
  });

  it('needs aws-provisioner:create-secret:<workerType from the body> to store a secret', async () => {
    const { accessToken } = await api.deps.repositories.clients.create(
      { clientId: 'daemon', scopes: ['aws-provisioner:create-secret:wt-secret'], description: 'the provisioner' },
      api.clock.date(),
    );
    const daemon = { clientId: 'daemon', accessToken };
    const allowed = slugid.v4();
    const stored = await call(api, { method: 'PUT', url: `${V1}/secret/${allowed}`, payload: secretFor(allowed), credentials: daemon });
    expect(stored.json()).toEqual({ outcome: 'success' });

    const other = slugid.v4();
    const refused = await call(api, { method: 'PUT', url: `${V1}/secret/${other}`, payload: secretFor(other, 'wt-other'), credentials: daemon });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'InsufficientScopes', requiredScopes: 'aws-provisioner:create-secret:wt-other' });
    expect(await api.deps.repositories.secrets.get(other, api.clock.date())).toBeNull();
  });

  it('answers 409 for a different secret under an existing token', async () => {
    const token = slugid.v4();
    await call(api, { method: 'PUT', url: `${V1}/secret/${token}`, payload: secretFor(token), credentials: ROOT });
    const conflict = await call(api, {
      method: 'PUT',
      url: `${V1}/secret/${token}`,
      payload: { ...secretFor(token), secrets: { other: true } },
      credentials: ROOT,
    });
    expect(conflict.statusCode).toBe(409);
  });

  it('records when an instance checks in, and 404s for an unknown token', async () => {
    const token = slugid.v4();
    await call(api, { method: 'PUT', url: `${V1}/secret/${token}`, payload: secretFor(token), credentials: ROOT });
    const started = await call(api, { method: 'GET', url: `${V1}/instance-started/i-0123456789abcdef0/${token}` });
    expect(started.statusCode).toBe(204);
    const record = await api.deps.repositories.secrets.get(token, api.clock.date());
    expect(record?.instanceStarted).toEqual({ instanceId: 'i-0123456789abcdef0', at: api.clock.date().toISOString() });

    const unknown = await call(api, { method: 'GET', url: `${V1}/instance-started/i-0123456789abcdef0/${slugid.v4()}` });
    expect(unknown.statusCode).toBe(404);
  });

  it('treats an expired secret as unknown', async () => {
    const token = slugid.v4();
    await call(api, { method: 'PUT', url: `${V1}/secret/${token}`, payload: secretFor(token), credentials: ROOT });
    api.clock.advance(SECRET_LIFETIME_MS + 1000);
    const expired = await call(api, { method: 'GET', url: `${V1}/secret/${token}` });
    expect(expired.statusCode).toBe(404);
    expect(expired.json()).toMatchObject({ code: 'ResourceNotFound' });
  });

  it('keeps tokens, access tokens, Hawk headers and secret values out of the log', async () => {
    const token = slugid.v4();
    await call(api, { method: 'PUT', url: `${V1}/secret/${token}`, payload: secretFor(token), credentials: ROOT });
    await call(api, { method: 'GET', url: `${V1}/instance-started/i-0123456789abcdef0/${token}` });
    const got = await call(api, { method: 'GET', url: `${V1}/secret/${token}` });
    expect(got.statusCode).toBe(200);
    const issued = got.json().credentials;
    await call(api, { method: 'DELETE', url: `${V1}/secret/${token}` });
    await call(api, { method: 'GET', url: `${V1}/worker-type/nope`, credentials: { clientId: 'root', accessToken: 'wrong-token-value' } });
    await call(api, { method: 'GET', url: `${V1}/worker-type/nope?bewit=c29tZS1iZXdpdC12YWx1ZQ` });

    const log = api.logs.text;
    expect(log).toContain('/secret/[redacted]');
    expect(log).toContain('/instance-started/i-0123456789abcdef0/[redacted]');
    expect(log).toContain('bewit=[redacted]');
    expect(got.json().data).toEqual({ password: 'hunter2-secret-value', pin: 918273645 });
    const leaks = [token, ROOT_ACCESS_TOKEN, 'wrong-token-value', 'hunter2-secret-value', '918273645', issued.accessToken, 'c29tZS1iZXdpdC12YWx1ZQ', 'Hawk id=', 'mac='];
    for (const leak of leaks) {
      expect(log).not.toContain(leak);
    }
  });
});
