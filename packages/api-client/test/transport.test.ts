/**
 * The transport over real sockets: bounded retries on 5xx and dropped connections, none on
 * 4xx or a timeout, every send signed afresh, and each failure mapped to a typed error.
 */
import {
  ApiError,
  ApiUnreachableError,
  DEFAULT_RETRY_POLICY,
  isApiError,
  isApiUnreachableError,
  MAX_HISTORY_PAGES,
  ProvisionerApi,
  retryDelayMs,
  SignedTransport,
} from '../src';
import { closedPort, hawkAttribute, startScriptedServer, type ScriptedServer } from './scripted-server';

const credentials = { clientId: 'ops/tester', accessToken: 'transport-test-token' };

describe('the API transport', () => {
  let server: ScriptedServer;
  let waits: number[];
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.received.length = 0;
    server.fallback = { status: 200, body: {} };
    waits = [];
  });

  const transport = (overrides: Partial<ConstructorParameters<typeof SignedTransport>[0]> = {}) =>
    new SignedTransport({
      rootUrl: server.rootUrl,
      credentials,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.999,
      ...overrides,
    });

  it('retries a 5xx and a dropped connection, signing each send afresh, and returns the answer', async () => {
    server.script({ status: 503, body: { code: 'ServiceUnavailable', message: 'starting' } }, 'drop', { status: 200, body: { alive: true } });
    await expect(transport().request('GET', '/ping')).resolves.toEqual({ alive: true });
    expect(server.received.map((r) => r.url)).toEqual(Array(3).fill('/api/aws-provisioner/v1/ping'));
    const nonces = server.received.map((r) => hawkAttribute(r.headers.authorization, 'nonce'));
    expect(new Set(nonces).size).toBe(3);
    // waits grow and stay under the policy's bounds
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(DEFAULT_RETRY_POLICY.baseDelayMs);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[1]).toBeLessThan(2 * DEFAULT_RETRY_POLICY.baseDelayMs);
  });

  it('gives up after the policy’s attempts with the last 5xx as an ApiError', async () => {
    server.fallback = { status: 500, body: { code: 'InternalServerError', message: 'boom' } };
    const error = await transport({ retry: { attempts: 4 } }).request('GET', '/ping').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, code: 'InternalServerError', message: 'boom' });
    expect(server.received).toHaveLength(4);
    expect(waits).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 429])('never retries a %i', async (status) => {
    server.fallback = { status, body: { code: `Code${status}`, message: `refused with ${status}` } };
    const error = await transport().request('PUT', '/worker-type/x', { a: 1 }).catch((e: unknown) => e);
    expect(isApiError(error, status)).toBe(true);
    expect(server.received).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('maps a validation answer to its code, first line and every reason', async () => {
    server.script({
      status: 400,
      body: { code: 'InputValidationError', message: 'the definition is invalid:\n- maxCapacity: too small\n- regions: empty', reasons: ['maxCapacity: too small', 'regions: empty'] },
    });
    await expect(transport().request('POST', '/worker-type/x/update', {})).rejects.toMatchObject({
      status: 400,
      code: 'InputValidationError',
      message: 'the definition is invalid:',
      reasons: ['maxCapacity: too small', 'regions: empty'],
    });
  });

  it('quotes a body that is not the API’s JSON, and refuses a 2xx that is not JSON', async () => {
    server.fallback = { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' };
    await expect(transport({ retry: { attempts: 1 } }).request('GET', '/ping')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP502',
      message: 'the API answered HTTP 502: <html>Bad Gateway</html>',
    });
    server.script({ status: 200, body: 'not json', contentType: 'text/plain' });
    await expect(transport().request('GET', '/ping')).rejects.toMatchObject({ status: 200, code: 'MalformedResponse' });
    server.script({ status: 204 });
    await expect(transport().request('DELETE', '/worker-type/x')).resolves.toBeUndefined();
  });

  it('reports a refused connection as unreachable after the bounded attempts, with the reason', async () => {
    const port = await closedPort();
    const error = await transport({ rootUrl: `http://127.0.0.1:${port}/` }).request('GET', '/ping').catch((e: unknown) => e);
    expect(isApiUnreachableError(error)).toBe(true);
    expect(error).toMatchObject({ rootUrl: `http://127.0.0.1:${port}`, reason: 'ECONNREFUSED', timedOut: false, attempts: 3 });
    expect((error as ApiUnreachableError).message).toBe(`cannot reach the API at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(waits).toHaveLength(2);
  });

  it('does not retry a request that timed out', async () => {
    server.fallback = 'hang';
    const error = await transport({ timeoutMs: 300 }).request('GET', '/ping').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiUnreachableError', timedOut: true, attempts: 1, reason: 'no answer within 0.3 s' });
    expect(server.received).toHaveLength(1);
  });

  it('signs the body it sends (payload hash) and sends none without credentials', async () => {
    await transport().request('PUT', '/worker-type/x', { maxCapacity: 3 });
    const [signed] = server.received;
    expect(signed?.body).toBe('{"maxCapacity":3}');
    expect(signed?.headers['content-type']).toBe('application/json');
    expect(hawkAttribute(signed?.headers.authorization, 'hash')).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    await transport({ credentials: undefined }).request('GET', '/list-worker-types');
    expect(server.received[1]?.headers.authorization).toBeUndefined();
    // credentials read at each request: a console signs in and out without a new client
    const session: { credentials?: typeof credentials } = {};
    const live = transport({ credentials: () => session.credentials });
    await live.request('GET', '/ping');
    session.credentials = credentials;
    await live.request('GET', '/ping');
    expect(server.received.slice(2).map((r) => hawkAttribute(r.headers.authorization, 'id'))).toEqual([undefined, 'ops/tester']);
  });

  it('refuses a retry policy that could not send or would wait without end', () => {
    expect(() => transport({ retry: { attempts: 0 } })).toThrow(/attempts must be a whole number ≥ 1/);
    expect(() => transport({ retry: { baseDelayMs: 5_000, maxDelayMs: 1_000 } })).toThrow(/maxDelayMs must be ≥ baseDelayMs/);
  });
});

describe('the backoff between retries', () => {
  it('doubles its ceiling per retry up to the maximum, with full jitter below it', () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    const highest = (retry: number) => retryDelayMs(retry, policy, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 9].map(highest)).toEqual([99, 199, 399, 799, 999, 999]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });
});

describe('the calls over the transport', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.received.length = 0;
  });
  const api = () => new ProvisionerApi({ rootUrl: server.rootUrl, credentials, sleep: async () => {} });

  it('reads a missing decision as none recorded yet, and other errors as errors', async () => {
    server.script({ status: 404, body: { code: 'ResourceNotFound', message: 'no decision yet' } }, { status: 403, body: { code: 'InsufficientScopes', message: 'no' } });
    await expect(api().decision('new-type')).resolves.toBeNull();
    await expect(api().decision('new-type')).rejects.toMatchObject({ status: 403 });
    expect(server.received[0]?.url).toBe('/api/aws-provisioner/v1/worker-type/new-type/decision');
  });

  it('follows history pages to the end of the window, and stops at the page bound', async () => {
    const point = (time: string) => ({ time });
    server.script(
      { status: 200, body: { workerType: 'w', points: [point('a'), point('b')], continuationToken: 'next' } },
      { status: 200, body: { workerType: 'w', points: [point('c')] } },
    );
    const since = new Date('2026-01-01T00:00:00.000Z');
    const window = await api().history('w', { since, until: '2026-01-02T00:00:00.000Z' });
    expect(window).toEqual({ points: [point('a'), point('b'), point('c')], truncated: false });
    expect(server.received.map((r) => new URL(r.url, server.rootUrl).searchParams.get('continuationToken'))).toEqual([null, 'next']);
    expect(new URL(server.received[0]!.url, server.rootUrl).searchParams.get('since')).toBe(since.toISOString());

    server.received.length = 0;
    server.fallback = { status: 200, body: { workerType: 'w', points: [point('x')], continuationToken: 'again' } };
    const endless = await api().history('w', { since });
    expect(endless.truncated).toBe(true);
    expect(server.received).toHaveLength(MAX_HISTORY_PAGES);
    server.fallback = { status: 200, body: {} };
  });

  it('names worker types safely in paths', async () => {
    server.script({ status: 200, body: {} });
    await api().state('a/b?c');
    expect(server.received[0]?.url).toBe('/api/aws-provisioner/v1/state/a%2Fb%3Fc');
  });
});
