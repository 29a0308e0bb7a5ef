import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  isClientAlreadyExists,
  isInvalidRecord,
  isVersionConflict,
  isSecretAlreadyExists,
  isSecretNotFound,
  isWorkerTypeAlreadyExists,
  isWorkerTypeNotFound,
} from '@spot-provisioner/model';
import { isAuthenticationError, isInsufficientScopesError } from '../auth/errors';
import { isApiError } from '../errors';

interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

/**
 * The one error handler: validation errors → 400 listing every reason, domain errors →
 * their status, Fastify's own 4xx (body too large, bad JSON) → JSON, anything else → 500
 * with a fixed message (details only in the log).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const [status, body] = toResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request refused');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'ResourceNotFound', message: `no such endpoint: ${request.method} ${routeOnly(request.url)}` }),
  );
}

function toResponse(error: FastifyError): [number, ErrorBody] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const reasons = error.validation.map((issue) => `${where}${issue.instancePath.replace(/\//g, '.').replace(/\.$/, '')}: ${issue.message}`);
    return [400, { code: 'InputValidationError', message: `invalid ${where}:\n${reasons.map((r) => `- ${r}`).join('\n')}`, reasons }];
  }
  if (isApiError(error)) return [error.statusCode, { code: error.code, message: error.message, ...error.details }];
  if (isAuthenticationError(error)) return [401, { code: 'AuthenticationFailed', message: error.message }];
  if (isInsufficientScopesError(error)) {
    return [403, { code: 'InsufficientScopes', message: error.message, requiredScopes: error.required, clientScopes: error.held }];
  }
  if (isWorkerTypeAlreadyExists(error) || isVersionConflict(error) || isSecretAlreadyExists(error) || isClientAlreadyExists(error)) {
    return [409, { code: 'RequestConflict', message: error.message }];
  }
  if (isWorkerTypeNotFound(error) || isSecretNotFound(error)) return [404, { code: 'ResourceNotFound', message: error.message }];
  if (isInvalidRecord(error)) return [400, { code: 'InputValidationError', message: error.message, reasons: error.reasons }];
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return [413, { code: 'PayloadTooLarge', message: 'request body is larger than this API accepts' }];
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return [status, { code: fastifyCode(error.code), message: error.message }];
  }
  return [500, { code: 'InternalServerError', message: 'internal error; the API log has the details' }];
}

function fastifyCode(code: string | undefined): string {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'MalformedPayload';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'UnsupportedMediaType';
  return 'BadRequest';
}

/** The path without its query (a bewit there is a credential). */
function routeOnly(url: string): string {
  return url.split('?')[0] ?? '';
}
