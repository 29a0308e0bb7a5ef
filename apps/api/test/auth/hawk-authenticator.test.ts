import hawk from 'hawk';
import { isAuthenticationError } from '../../src/auth/errors';
import {
  CERTIFICATE_CLOCK_SKEW_MS,
  HAWK_CLOCK_SKEW_SECONDS,
  HawkAuthenticator,
  type SignedRequest,
} from '../../src/auth/hawk-authenticator';
import { clientLookup } from '../../src/auth/clients';
import { issueTemporaryCredentials } from '../../src/auth/temporary-credentials';

const now = new Date('2026-11-22T09:00:00.000Z');
/** Every id the stored-client lookup (the Clients table in the API) was asked for. */
const lookedUp: string[] = [];
const clients = clientLookup(
  { clientId: 'root', accessToken: 'root-token' },
  {
    findClient: async (id) =>
      (lookedUp.push(id), {
        team: { clientId: 'team', accessToken: 'team-token', scopes: ['aws-provisioner:manage-worker-type:team-*'] },
        old: { clientId: 'old', accessToken: 'old-token', scopes: ['*'], expires: '2026-01-01T00:00:00.000Z' },
      })[id],
  },
);
const authenticator = new HawkAuthenticator(clients, () => now);
const url = 'http://api.example.com:5557/api/aws-provisioner/v1/worker-type/team-a';

function signed(id: string, key: string, options: { ext?: string; offsetSec?: number } = {}): SignedRequest {
  const { header } = hawk.client.header(url, 'GET', {
    credentials: { id, key, algorithm: 'sha256' },
    localtimeOffsetMsec: now.getTime() - Date.now() + (options.offsetSec ?? 0) * 1000,
    ...(options.ext ? { ext: options.ext } : {}),
  } as Parameters<typeof hawk.client.header>[2]);
  return { method: 'GET', url: '/api/aws-provisioner/v1/worker-type/team-a', host: 'api.example.com', port: 5557, authorization: header };
}

async function refusal(request: SignedRequest): Promise<string> {
  try {
    await authenticator.authenticate(request);
  } catch (error) {
    expect(isAuthenticationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the request to be refused');
}

const ext = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('Hawk authentication', () => {
  it('gives the root client * and a stored client its scopes', async () => {
    await expect(authenticator.authenticate(signed('root', 'root-token'))).resolves.toEqual({ clientId: 'root', scopes: ['*'] });
    await expect(authenticator.authenticate(signed('team', 'team-token'))).resolves.toEqual({
      clientId: 'team',
      scopes: ['aws-provisioner:manage-worker-type:team-*'],
    });
  });

  it('treats a request without credentials as anonymous', async () => {
    await expect(authenticator.authenticate({ ...signed('root', 'root-token'), authorization: undefined })).resolves.toEqual({
      clientId: undefined,
      scopes: [],
    });
  });

  it('refuses a wrong key, an unknown client, an expired client and a non-Hawk scheme', async () => {
    expect(await refusal(signed('root', 'wrong'))).toBe('Hawk: Bad mac');
    expect(await refusal(signed('ghost', 'x'))).toBe('unknown client ghost');
    expect(await refusal(signed('old', 'old-token'))).toBe('client old has expired');
    expect(await refusal({ ...signed('root', 'root-token'), authorization: 'Bearer abc' })).toMatch(/Hawk scheme/);
  });

  it(`allows ${HAWK_CLOCK_SKEW_SECONDS / 60} minutes of clock skew and no more`, async () => {
    await expect(authenticator.authenticate(signed('root', 'root-token', { offsetSec: 14 * 60 }))).resolves.toMatchObject({ clientId: 'root' });
    expect(await refusal(signed('root', 'root-token', { offsetSec: 16 * 60 }))).toBe('Hawk: Stale timestamp');
  });

  it('refuses a malformed or oversized clientId without looking it up', async () => {
    lookedUp.length = 0;
    // DynamoDB refuses keys over 2,048 bytes: such an id once made the lookup fail with a 500.
    expect(await refusal(signed('a'.repeat(2049), 'x'))).toMatch(/^malformed clientId/);
    expect(await refusal(signed('has spaces', 'x'))).toMatch(/^malformed clientId/);
    const certificate = JSON.parse(
      issueTemporaryCredentials({ issuer: { clientId: 'x'.repeat(300), accessToken: 't' }, scopes: [], start: now, expiry: new Date(now.getTime() + 60_000) })
        .certificate,
    );
    expect(await refusal(signed('x'.repeat(300), 'x', { ext: ext({ certificate }) }))).toMatch(/malformed clientId/);
    expect(lookedUp).toEqual([]);
  });

  describe(`temporary credentials get ${CERTIFICATE_CLOCK_SKEW_MS / 60_000} minutes of skew on start and expiry, as in Taskcluster`, () => {
    const minutes = (n: number) => n * 60_000;
    const temporary = (start: number, expiry: number) =>
      issueTemporaryCredentials({
        issuer: { clientId: 'root', accessToken: 'root-token' },
        scopes: ['a:b'],
        start: new Date(now.getTime() + start),
        expiry: new Date(now.getTime() + expiry),
      });
    const withCertificate = (credentials: ReturnType<typeof temporary>) =>
      signed(credentials.clientId, credentials.accessToken, { ext: ext({ certificate: JSON.parse(credentials.certificate) }) });

    it('accepts them 4 minutes after expiry and refuses them 6 minutes after', async () => {
      await expect(authenticator.authenticate(withCertificate(temporary(-minutes(60), -minutes(4))))).resolves.toMatchObject({ scopes: ['a:b'] });
      expect(await refusal(withCertificate(temporary(-minutes(60), -minutes(6))))).toBe('certificate: expired');
    });

    it('accepts them 4 minutes before start and refuses them 6 minutes before', async () => {
      await expect(authenticator.authenticate(withCertificate(temporary(minutes(4), minutes(60))))).resolves.toMatchObject({ scopes: ['a:b'] });
      expect(await refusal(withCertificate(temporary(minutes(6), minutes(60))))).toBe('certificate: not valid yet');
    });
  });

  it('restricts scopes to authorizedScopes, and refuses authorizedScopes beyond the credentials', async () => {
    const narrowed = await authenticator.authenticate(signed('root', 'root-token', { ext: ext({ authorizedScopes: ['a:b'] }) }));
    expect(narrowed.scopes).toEqual(['a:b']);
    expect(await refusal(signed('team', 'team-token', { ext: ext({ authorizedScopes: ['queue:*'] }) }))).toMatch(/authorizedScopes/);
    expect(await refusal(signed('root', 'root-token', { ext: 'not base64 json' }))).toMatch(/ext must be base64-encoded JSON/);
  });

  it('accepts a bewit URL signed by a known client', async () => {
    const bewit = hawk.uri.getBewit(url, {
      credentials: { id: 'team', key: 'team-token', algorithm: 'sha256' },
      ttlSec: 60,
      localtimeOffsetMsec: now.getTime() - Date.now(),
    } as Parameters<typeof hawk.uri.getBewit>[1]);
    const request: SignedRequest = {
      method: 'GET',
      url: `/api/aws-provisioner/v1/worker-type/team-a?bewit=${bewit}`,
      host: 'api.example.com',
      port: 5557,
      authorization: undefined,
    };
    await expect(authenticator.authenticate(request)).resolves.toMatchObject({ clientId: 'team' });
  });

  it('checks the payload hash when the client sent one', async () => {
    const body = '{"maxCapacity":1}';
    const { header } = hawk.client.header(url, 'PUT', {
      credentials: { id: 'root', key: 'root-token', algorithm: 'sha256' },
      payload: body,
      contentType: 'application/json',
      localtimeOffsetMsec: now.getTime() - Date.now(),
    } as Parameters<typeof hawk.client.header>[2]);
    const request: SignedRequest = {
      method: 'PUT',
      url: '/api/aws-provisioner/v1/worker-type/team-a',
      host: 'api.example.com',
      port: 5557,
      authorization: header,
      contentType: 'application/json',
    };
    await expect(authenticator.authenticate(request, body)).resolves.toMatchObject({ clientId: 'root' });
    await expect(authenticator.authenticate(request, '{"maxCapacity":1000}')).rejects.toThrow('Hawk: Bad payload hash');
  });
});
