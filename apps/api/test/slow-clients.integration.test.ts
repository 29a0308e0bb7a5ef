/** Slow clients cannot hold sockets open: request, header and idle deadlines, checked often. */
import { connect, type Socket } from 'node:net';
import { buildApp } from '../src';
import { CONNECTION_IDLE_TIMEOUT_MS, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../src/http/timeouts';
import { testApiForFile, V1 } from './support';

/** Opens a socket, sends `head`, then one byte of body every `dripMs` until the server answers or closes. */
function dripClient(baseUrl: string, head: string, dripMs: number): Promise<{ answer: string; bytesSent: number }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answer = '';
    let bytesSent = 0;
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write('x');
        bytesSent += 1;
      }, dripMs);
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, bytesSent });
    });
  });
}

describe('slow clients', () => {
  const api = testApiForFile('apislow');

  it('has every deadline set, by default to its named constant', () => {
    const server = api.app.server;
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.timeout).toBe(CONNECTION_IDLE_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThan(0);
  });

  it('answers 408 and closes the socket of a client that drips its body, and of one that drips its headers', async () => {
    const app = await buildApp({ ...api.deps, httpTimeouts: { requestMs: 1_500, headersMs: 1_000, checkIntervalMs: 100 } });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const body = 200 * 1024;
      const dripBody = dripClient(
        baseUrl,
        `PUT ${V1}/worker-type/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body}\r\n\r\n{`,
        100,
      );
      const dripHeaders = dripClient(baseUrl, `GET ${V1}/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `, 100);
      for (const { answer, bytesSent } of await Promise.all([dripBody, dripHeaders])) {
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
        expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({ code: 'RequestTimeout', message: 'the request did not arrive in time' });
        expect(bytesSent).toBeLessThan(body);
      }
    } finally {
      await app.close();
    }
  });
});
