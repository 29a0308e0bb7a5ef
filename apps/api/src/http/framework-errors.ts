import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ErrorBody } from './error-handler';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers';

/**
 * Errors Fastify raises before routing (`frameworkErrors`) and the ones Node's HTTP
 * parser raises before Fastify sees a request (`clientErrorHandler`), in the API's
 * `{code, message}` shape. Messages never repeat the URL: it may carry a token.
 */
export function frameworkErrorOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const [status, body] = routingError(error.code);
      request.log.info({ code: body.code, status }, 'request refused');
      void reply.status(status).headers(ERROR_HEADERS).send(body);
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      // A reset connection has nobody to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, body] = parserError(error.code);
      if (socket.writable) {
        const text = JSON.stringify(body);
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(text)}\r\n${RAW_SECURITY_HEADERS}Connection: close\r\n\r\n${text}`,
        );
      }
      socket.destroy();
    },
  };
}

/** Answers before routing skip the onSend hooks: they carry the security headers themselves. */
const ERROR_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': API_CONTENT_SECURITY_POLICY };
/** The security headers, as raw header lines for answers written straight to the socket. */
const RAW_SECURITY_HEADERS = Object.entries(ERROR_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

function routingError(code: string): [number, ErrorBody] {
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return [414, { code: 'UriTooLong', message: 'a path segment is longer than this API accepts' }];
  if (code === 'FST_ERR_BAD_URL') return [400, { code: 'BadRequest', message: 'the URL is not valid: a %-escape does not decode' }];
  return [400, { code: 'BadRequest', message: 'the request cannot be routed' }];
}

function parserError(code: string | undefined): [number, ErrorBody] {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, { code: 'RequestTimeout', message: 'the request did not arrive in time' }];
  if (code === 'HPE_HEADER_OVERFLOW') {
    return [431, { code: 'RequestHeaderFieldsTooLarge', message: 'the request line or headers are larger than this API accepts' }];
  }
  return [400, { code: 'BadRequest', message: 'the request is not valid HTTP/1.1 (bad method, URL bytes or headers)' }];
}
