import type { FastifyInstance } from 'fastify';
import { MalformedPayloadError } from '../errors';

/**
 * Parses JSON bodies while keeping the raw text (a Hawk payload hash is computed over it)
 * and refusing `__proto__` keys, which would change objects' prototypes downstream.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    request.rawBody = text;
    try {
      done(null, JSON.parse(text, refuseProtoKeys));
    } catch (error) {
      const reason = error instanceof ProtoKeyError ? error.message : 'the body is not valid JSON';
      done(new MalformedPayloadError(reason), undefined);
    }
  });
}

class ProtoKeyError extends Error {}

function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new ProtoKeyError('the body may not contain a "__proto__" key');
  return value;
}
