/** Security headers on every answer: the API's JSON, its errors (Fastify's and Node's parser's), the docs and the OpenAPI document. */
import { connect } from 'node:net';
import { DOCS_PATH, OPENAPI_PATH } from '../src/http/openapi';
import { testApiForFile, V1 } from './support';

/** Bytes as they are, for what Node's HTTP parser refuses before Fastify sees it. */
async function rawHead(baseUrl: string, head: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(text.split('\r\n\r\n')[0] ?? ''));
  });
}

describe('security headers', () => {
  const api = testApiForFile('apiheaders');

  it.each([
    ['ping', `${V1}/ping`, 200],
    ['an unknown worker type', `${V1}/worker-type-last-modified/none`, 404],
    ['a scoped method without credentials', `${V1}/worker-type/none`, 403],
    ['an unknown route', `${V1}/no-such-thing`, 404],
    ['a broken %-escape', `${V1}/worker-type/%E0%A4%A`, 400],
    ['the OpenAPI document', OPENAPI_PATH, 200],
  ])('%s: nosniff, no framing and nothing to load', async (_what, path, status) => {
    const response = await fetch(`${api.baseUrl}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('the docs page: nosniff and a policy that keeps it out of frames and other origins', async () => {
    for (const path of [`${DOCS_PATH}/`, `${DOCS_PATH}/static/index.html`, `${DOCS_PATH}/static/swagger-initializer.js`]) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toMatch(/frame-ancestors 'self'|https:|validator\.swagger\.io|upgrade-insecure-requests/);
    }
  });

  it("Node's parser errors, written before Fastify sees the request", async () => {
    const head = await rawHead(api.baseUrl, `FROB ${V1}/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 400/);
    expect(head).toMatch(/^X-Content-Type-Options: nosniff$/im);
    expect(head).toMatch(/^Content-Security-Policy: default-src 'none'; frame-ancestors 'none'$/im);
  });
});
