import { LogCapture } from '@spot-provisioner/testing';
import slugid from 'slugid';
import { call, testApiForFile, V1 } from './support';

describe('authentication comes first and malformed credentials never reach the store', () => {
  const logs = new LogCapture();
  /** clientIds the Clients table was asked for. */
  const lookedUp: string[] = [];
  const api = testApiForFile('apiauth', {
    settings: { logger: { level: 'info', stream: logs } },
    app: (deps) => {
      const clients = deps.repositories.clients;
      const counted = {
        ...clients,
        get: (clientId: string, now: Date) => {
          lookedUp.push(clientId);
          return clients.get(clientId, now);
        },
      };
      return { ...deps, repositories: { ...deps.repositories, clients: counted } };
    },
  });

  it('answers 401 to a Hawk id over 2,048 bytes without a lookup or an error log line', async () => {
    lookedUp.length = 0;
    const response = await fetch(`${api.baseUrl}${V1}/worker-type/anything`, {
      headers: { authorization: `Hawk id="${'a'.repeat(2049)}", ts="1", nonce="x", mac="x"` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'AuthenticationFailed', message: expect.stringMatching(/^malformed clientId/) });
    expect(lookedUp).toEqual([]);
    expect(logs.lines.map((line) => JSON.parse(line).level as number).filter((level) => level >= 50)).toEqual([]);
  });

  it.each([
    ['createWorkerType', 'PUT', '/worker-type/some-type'],
    ['updateWorkerType', 'POST', '/worker-type/some-type/update'],
    ['createSecret', 'PUT', `/secret/${slugid.v4()}`],
    ['workerTypePlanPreview', 'POST', '/worker-type/some-type/plan-preview'],
  ] as const)('answers 401, not 400, to an unknown client sending {} to %s', async (_method, method, path) => {
    const response = await call(
      api,
      { method, url: `${V1}${path}`, payload: {}, credentials: { clientId: 'nobody', accessToken: 'whatever-token' } },
    );
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'AuthenticationFailed', message: 'unknown client nobody' });
  });

  it.each([
    ['a broken %-escape', '%E0%A4%A'],
    ['a lone %', '%'],
    ['base64 that is not a bewit', 'bm90IGEgYmV3aXQ'],
    ['an empty value', ''],
  ])('answers 401 to a bewit with %s, without an error log line', async (_what, bewit) => {
    const before = logs.lines.length;
    const response = await fetch(`${api.baseUrl}${V1}/worker-type/a1?bewit=${bewit}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'AuthenticationFailed', message: expect.stringMatching(/bewit/i) });
    const levels = logs.lines.slice(before).map((line) => JSON.parse(line).level as number);
    expect(levels.filter((level) => level >= 50)).toEqual([]);
  });
});
