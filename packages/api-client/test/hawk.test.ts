/**
 * The WebCrypto signer against the two Node references, byte for byte for the same request,
 * clock and nonce: Hawk's own client (with a payload hash, as this client signs bodies) and
 * taskcluster-client (which signs no payload; compared on requests without a body).
 */
import hawk from 'hawk';
import taskcluster from 'taskcluster-client';
import { hawkHeader, payloadHash, randomNonce, taskclusterExt, type Credentials } from '../src';
import { hawkAttribute, startScriptedServer, type ScriptedServer } from './scripted-server';

const certificate = {
  version: 1,
  scopes: ['aws-provisioner:view-worker-type:*'],
  start: 1_700_000_000_000,
  expiry: 1_700_000_900_000,
  seed: 'seedseedseedseedseedseedseedseedseedseedseedsee',
  signature: 'c2lnbmF0dXJl',
  issuer: 'root',
};

function attribute(header: string | undefined, name: string): string {
  const value = hawkAttribute(header, name);
  if (value === undefined) throw new Error(`no ${name} in ${header}`);
  return value;
}

describe('Hawk signing', () => {
  const url = 'http://127.0.0.1:5557/api/aws-provisioner/v1/worker-type/demo-linux?x=1';
  const ts = 1_767_000_000;
  const nonce = 'Ab3_-z';

  it.each([
    { name: 'GET, permanent credentials', method: 'GET', credentials: { clientId: 'root', accessToken: 'secret-token' } as Credentials },
    {
      name: 'PUT with a JSON body (payload hash), temporary credentials',
      method: 'PUT',
      credentials: { clientId: 'temp/bob', accessToken: 'temporary-token', certificate } as Credentials,
      body: JSON.stringify({ description: 'unicode → é', maxCapacity: 3 }),
    },
    {
      name: 'POST, certificate as text, authorizedScopes',
      method: 'POST',
      credentials: { clientId: 'ops/carol', accessToken: 'tok', certificate: JSON.stringify(certificate), authorizedScopes: ['aws-provisioner:view-worker-type:demo-*'] },
      body: '{}',
    },
  ])('matches Hawk’s own client: $name', async ({ method, credentials, body }) => {
    const ext = taskclusterExt(credentials);
    const reference = hawk.client.header(url, method, {
      credentials: { id: credentials.clientId, key: credentials.accessToken, algorithm: 'sha256' },
      timestamp: ts,
      nonce,
      ...(body !== undefined ? { payload: body, contentType: 'application/json' } : {}),
      ...(ext ? { ext } : {}),
    }).header;
    const ours = await hawkHeader(url, method, credentials, {
      timestamp: ts,
      nonce,
      ...(body !== undefined ? { payload: { body, contentType: 'application/json' } } : {}),
    });
    expect(ours).toBe(reference);
  });

  it('hashes a payload as Hawk does, content-type parameters and case aside', async () => {
    const body = '{"a":"ü"}';
    expect(await payloadHash(body, 'Application/JSON; charset=utf-8')).toBe(hawk.crypto.calculatePayloadHash(body, 'sha256', 'application/json'));
  });

  it('signs with the current clock and a fresh nonce by default, and never puts the token in the header', async () => {
    const before = Math.floor(Date.now() / 1000);
    const a = await hawkHeader(url, 'GET', { clientId: 'c', accessToken: 'do-not-leak-me' });
    const b = await hawkHeader(url, 'GET', { clientId: 'c', accessToken: 'do-not-leak-me' });
    expect(Number(attribute(a, 'ts'))).toBeGreaterThanOrEqual(before);
    expect(attribute(a, 'nonce')).not.toBe(attribute(b, 'nonce'));
    expect(randomNonce()).toMatch(/^[A-Za-z0-9_-]{6}$/);
    expect(a).not.toContain('do-not-leak-me');
    expect(taskclusterExt({ clientId: 'c', accessToken: 'do-not-leak-me' })).toBeUndefined();
  });

  it('refuses a certificate that is not a JSON object, naming the problem', async () => {
    await expect(hawkHeader(url, 'GET', { clientId: 'c', accessToken: 't', certificate: '{broken' })).rejects.toMatchObject({
      name: 'CredentialsError',
      message: 'the certificate of temporary credentials is not valid JSON',
    });
    await expect(hawkHeader(url, 'GET', { clientId: 'c', accessToken: 't', certificate: '[1]' })).rejects.toThrow(/must be a JSON object/);
  });
});

describe('Hawk signing against taskcluster-client', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => server.close());

  const cases: { name: string; credentials: Credentials; call: (client: Record<string, (...args: unknown[]) => Promise<unknown>>) => Promise<unknown> }[] = [
    { name: 'permanent credentials', credentials: { clientId: 'root', accessToken: 'secret-token' }, call: (c) => c.workerType!('demo-linux') },
    { name: 'temporary credentials (certificate in ext)', credentials: { clientId: 'temp/bob', accessToken: 'temporary-token', certificate }, call: (c) => c.removeWorkerType!('gone') },
    {
      name: 'certificate as text, and authorizedScopes',
      credentials: { clientId: 'ops/carol', accessToken: 'tok', certificate: JSON.stringify(certificate), authorizedScopes: ['aws-provisioner:view-worker-type:demo-*'] },
      call: (c) => c.getLaunchSpecs!('demo-linux'),
    },
  ];

  it.each(cases)('matches on a request without a body: $name', async ({ credentials, call }) => {
    const { authorizedScopes, ...tcCredentials } = credentials;
    const client = new taskcluster.AwsProvisioner({ rootUrl: server.rootUrl, credentials: tcCredentials, authorizedScopes, retries: 0 });
    server.received.length = 0;
    await call(client);
    const sent = server.received[0];
    if (!sent) throw new Error('taskcluster-client sent nothing');
    const authorization = sent.headers.authorization;
    const ours = await hawkHeader(`http://${sent.headers.host}${sent.url}`, sent.method, credentials, {
      timestamp: Number(attribute(authorization, 'ts')),
      nonce: attribute(authorization, 'nonce'),
    });
    expect(ours).toBe(authorization);
  });
});
