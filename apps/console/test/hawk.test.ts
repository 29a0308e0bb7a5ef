/**
 * The console's browser signer against the Node taskcluster-client: for the same request,
 * clock and nonce, the Authorization headers are identical, byte for byte.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import taskcluster from 'taskcluster-client';
import { hawkHeader, randomNonce, taskclusterExt } from '../src/api/hawk';
import type { Credentials } from '../src/api/credentials';

interface Captured {
  readonly method: string;
  readonly url: string;
  readonly host: string;
  readonly authorization: string;
}

/** A server that records what taskcluster-client sent and answers like the API would. */
async function recordingServer(): Promise<{ rootUrl: string; requests: Captured[]; close(): Promise<void> }> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', authorization: req.headers.authorization ?? '' });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { rootUrl: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function attribute(header: string, name: string): string {
  const match = new RegExp(`${name}="([^"]*)"`).exec(header);
  if (!match?.[1]) throw new Error(`no ${name} in ${header}`);
  return match[1];
}

const certificate = {
  version: 1,
  scopes: ['aws-provisioner:view-worker-type:*'],
  start: 1_700_000_000_000,
  expiry: 1_700_000_900_000,
  seed: 'seedseedseedseedseedseedseedseedseedseedseedsee',
  signature: 'c2lnbmF0dXJl',
  issuer: 'root',
};

describe('Hawk signing in the console', () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  beforeAll(async () => {
    server = await recordingServer();
  });
  afterAll(async () => server.close());

  const cases: { name: string; credentials: Credentials; call: (client: { [method: string]: (...args: unknown[]) => Promise<unknown> }) => Promise<unknown> }[] = [
    { name: 'permanent credentials, GET', credentials: { clientId: 'root', accessToken: 'secret-token' }, call: (c) => c.workerType!('demo-linux') },
    {
      name: 'permanent credentials, PUT with a body (no payload hash, as taskcluster-client)',
      credentials: { clientId: 'ops/alice', accessToken: 'another token with spaces' },
      call: (c) => c.createWorkerType!('new-type', { description: 'x' }),
    },
    { name: 'temporary credentials (certificate in ext)', credentials: { clientId: 'temp/bob', accessToken: 'temporary-token', certificate }, call: (c) => c.removeWorkerType!('gone') },
    {
      name: 'certificate as a JSON string, and authorizedScopes',
      credentials: { clientId: 'ops/carol', accessToken: 'tok', certificate: JSON.stringify(certificate), authorizedScopes: ['aws-provisioner:view-worker-type:demo-*'] },
      call: (c) => c.getLaunchSpecs!('demo-linux'),
    },
  ];

  it.each(cases)('matches taskcluster-client: $name', async ({ credentials, call }) => {
    const { authorizedScopes, ...tcCredentials } = credentials;
    const client = new taskcluster.AwsProvisioner({ rootUrl: server.rootUrl, credentials: tcCredentials, authorizedScopes, retries: 0 });
    server.requests.length = 0;
    await call(client);
    const sent = server.requests[0];
    if (!sent) throw new Error('taskcluster-client sent nothing');

    const ours = await hawkHeader(`http://${sent.host}${sent.url}`, sent.method, credentials, {
      timestamp: Number(attribute(sent.authorization, 'ts')),
      nonce: attribute(sent.authorization, 'nonce'),
    });
    expect(ours).toBe(sent.authorization);
  });

  it('signs with the current clock and a fresh nonce by default', async () => {
    const before = Math.floor(Date.now() / 1000);
    const a = await hawkHeader('http://127.0.0.1:5557/api/aws-provisioner/v1/ping', 'GET', { clientId: 'c', accessToken: 't' });
    const b = await hawkHeader('http://127.0.0.1:5557/api/aws-provisioner/v1/ping', 'GET', { clientId: 'c', accessToken: 't' });
    expect(Number(attribute(a, 'ts'))).toBeGreaterThanOrEqual(before);
    expect(attribute(a, 'nonce')).not.toBe(attribute(b, 'nonce'));
    expect(randomNonce()).toMatch(/^[A-Za-z0-9_-]{6}$/);
  });

  it('never puts the access token in the header', async () => {
    const header = await hawkHeader('http://127.0.0.1/x', 'GET', { clientId: 'c', accessToken: 'do-not-leak-me' });
    expect(header).not.toContain('do-not-leak-me');
    expect(taskclusterExt({ clientId: 'c', accessToken: 'do-not-leak-me' })).toBeUndefined();
  });
});
