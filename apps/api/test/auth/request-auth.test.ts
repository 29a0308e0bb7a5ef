import type { FastifyRequest } from 'fastify';
import { signedRequestOf } from '../../src/auth/request-auth';

const requestWith = (host: string, protocol: 'http' | 'https' = 'http') =>
  ({ method: 'GET', url: '/v1/ping', protocol, headers: { host, authorization: 'Hawk id="x"' } }) as unknown as FastifyRequest;

describe('the host and port a Hawk signature covers', () => {
  it('takes both from the Host header when it has a port', () => {
    expect(signedRequestOf(requestWith('127.0.0.1:5557'), 'https://tc.example.com')).toMatchObject({ host: '127.0.0.1', port: 5557 });
  });

  it("uses the public URL's port when a TLS proxy dropped the port for the public host", () => {
    expect(signedRequestOf(requestWith('tc.example.com'), 'https://tc.example.com')).toMatchObject({ host: 'tc.example.com', port: 443 });
  });

  it("falls back to the protocol's default port for another host", () => {
    expect(signedRequestOf(requestWith('other.example.com'), 'https://tc.example.com')).toMatchObject({ port: 80 });
    expect(signedRequestOf(requestWith('other.example.com', 'https'), 'https://tc.example.com')).toMatchObject({ port: 443 });
  });
});
