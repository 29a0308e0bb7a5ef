import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorKindOf, isAwsUnavailable, type ErrorKind } from '@spot-provisioner/model';
import { isAuthenticationError, isInsufficientScopesError } from '../auth/errors';
import { isApiError } from '../errors';
import { jsonPath } from './json-path';

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

/** When an unavailable dependency does not say how long to wait: most outages here are throttles and restarts. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

const INTERNAL: ErrorBody = { code: 'InternalServerError', message: 'internal error; the API log has the details' };

/**
 * The one error handler: validation errors → 400 listing every reason, API and auth
 * errors → their status, errors that declare a `kind` (the model's, the EC2 gateway's)
 * → one status per kind, Fastify's own 4xx → the same `{code, message}` shape, anything
 * else → 500 with a fixed message (details only in the log).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, error, toResponse(error)));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'ResourceNotFound', message: `no such endpoint: ${request.method} ${routeOnly(request.url)}` }),
  );
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown, response: ErrorResponse) {
  if (response.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: response.body.code, status: response.status }, 'request refused');
  return reply
    .status(response.status)
    .headers(response.headers ?? {})
    .send(response.body);
}

function toResponse(error: FastifyError): ErrorResponse {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const reasons = error.validation.map((issue) => `${where}${jsonPath(issue.instancePath)}: ${issue.message}`);
    return badInput(`invalid ${where}`, reasons);
  }
  if (isApiError(error)) return { status: error.statusCode, body: { code: error.code, message: error.message, ...error.details }, headers: error.headers };
  if (isAuthenticationError(error)) return { status: 401, body: { code: 'AuthenticationFailed', message: error.message } };
  if (isInsufficientScopesError(error)) {
    return {
      status: 403,
      body: { code: 'InsufficientScopes', message: error.message, requiredScopes: error.required, clientScopes: error.held },
    };
  }
  const kind = errorKindOf(error) ?? (isAwsUnavailable(error) ? 'unavailable' : undefined);
  if (kind) return byKind(kind, error);
  return fastifyError(error) ?? { status: 500, body: INTERNAL };
}

/** Each kind of domain failure answers one way, whichever package raised it. */
function byKind(kind: ErrorKind, error: FastifyError): ErrorResponse {
  switch (kind) {
    case 'conflict':
      return { status: 409, body: { code: 'RequestConflict', message: error.message } };
    case 'not-found':
      return { status: 404, body: { code: 'ResourceNotFound', message: error.message } };
    case 'invalid-input': {
      const reasons = (error as { reasons?: unknown }).reasons;
      return badInput('invalid input', Array.isArray(reasons) ? reasons.map(String) : [error.message]);
    }
    case 'unavailable': {
      const seconds = retryAfterSeconds(error);
      const message = errorKindOf(error)
        ? `${error.message}; retry after ${seconds} s`
        : `a service this API depends on is unavailable; retry after ${seconds} s`;
      return { status: 503, body: { code: 'ServiceUnavailable', message }, headers: { 'retry-after': String(seconds) } };
    }
    case 'corrupt':
    case 'internal':
      return { status: 500, body: INTERNAL };
  }
}

function badInput(summary: string, reasons: readonly string[]): ErrorResponse {
  return {
    status: 400,
    body: { code: 'InputValidationError', message: `${summary}:\n${reasons.map((r) => `- ${r}`).join('\n')}`, reasons },
  };
}

/** `retryAfterSeconds` when the error declares a sensible one, else the default. */
function retryAfterSeconds(error: unknown): number {
  const declared = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof declared === 'number' && Number.isFinite(declared) && declared > 0 ? Math.ceil(declared) : DEFAULT_RETRY_AFTER_SECONDS;
}

/** Fastify's own client errors, in this API's shape; undefined for anything that is not one. */
function fastifyError(error: FastifyError): ErrorResponse | undefined {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { code: 'PayloadTooLarge', message: 'request body is larger than this API accepts' } };
  }
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  return { status, body: { code: fastifyCode(error.code, status), message: error.message } };
}

function fastifyCode(code: string | undefined, status: number): string {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'MalformedPayload';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return 'UnsupportedMediaType';
  if (status === 414) return 'UriTooLong';
  if (status === 404) return 'ResourceNotFound';
  if (status === 405) return 'MethodNotAllowed';
  return 'BadRequest';
}

/** The path without its query (a bewit there is a credential). */
export function routeOnly(url: string): string {
  return url.split('?')[0] ?? '';
}
