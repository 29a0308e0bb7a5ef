import { connect } from 'node:net';
import { OPENAPI_PATH } from '../src/http/openapi';
import { testApiForFile, V1 } from './support';

/** Sends bytes as they are (fetch would encode the path) and returns the status and body. */
async function rawRequest(baseUrl: string, head: Buffer | string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headers = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const request = (method: string, path: Buffer | string) =>
  Buffer.concat([Buffer.from(`${method} `), Buffer.from(path), Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')]);

describe("Fastify's own errors answer in the documented {code, message} shape", () => {
  const api = testApiForFile('apifw');

  it.each<[string, Buffer, number, string]>([
    ['a very long URL', request('GET', `${V1}/worker-type/${'a'.repeat(9000)}`), 414, 'UriTooLong'],
    ['a broken % escape', request('GET', `${V1}/worker-type/%E0%A4%A`), 400, 'BadRequest'],
    ['raw non-ASCII bytes in the path', request('GET', Buffer.from(`${V1}/worker-type/caf\u00e9`, 'latin1')), 400, 'BadRequest'],
    ['an unknown route', request('GET', `${V1}/no-such-thing`), 404, 'ResourceNotFound'],
    ['a method no route has', request('PATCH', `${V1}/ping`), 404, 'ResourceNotFound'],
    ['a method Fastify does not route', request('PROPFIND', `${V1}/ping`), 404, 'ResourceNotFound'],
    ['a method HTTP does not know', request('FROB', `${V1}/ping`), 400, 'BadRequest'],
    ['a query string beyond the header limit', request('GET', `${V1}/ping?q=${'a'.repeat(20_000)}`), 431, 'RequestHeaderFieldsTooLarge'],
  ])('%s', async (_what, raw, status, code) => {
    const response = await rawRequest(api.baseUrl, raw);
    expect(response.status).toBe(status);
    expect(response.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(response.body)).toEqual({ code, message: expect.any(String) });
  });

  it('declares no body for the DELETEs that answer 204', async () => {
    const document = (await api.app.inject({ method: 'GET', url: OPENAPI_PATH })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const deletes = Object.values(document.paths).flatMap((methods) => (methods.delete ? [methods.delete] : []));
    expect(deletes.length).toBeGreaterThan(0);
    for (const operation of deletes) {
      expect(operation.responses['204']).toBeDefined();
      expect(operation.responses['204']?.content).toBeUndefined();
    }
  });
});
