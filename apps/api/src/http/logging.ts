import type { FastifyServerOptions } from 'fastify';

/** Where credentials could appear in a log object; pino replaces them with REDACTED. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'accessToken',
  '*.accessToken',
  'rootAccessToken',
  '*.rootAccessToken',
  'certificate',
  '*.certificate',
  'credentials',
  '*.credentials',
  'secrets',
  '*.secrets',
  'token',
  '*.token',
];

export const REDACTED = '[redacted]';

/**
 * A URL without its capabilities: the securityToken in /secret/<token> and
 * /instance-started/<id>/<token>, and a bewit in the query.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/secret\/)[^/?#]+/g, `$1${REDACTED}`)
    .replace(/(\/instance-started\/[^/?#]+\/)[^/?#]+/g, `$1${REDACTED}`)
    .replace(/([?&]bewit=)[^&#]*/g, `$1${REDACTED}`);
}

interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly hostname?: string;
  readonly ip?: string;
}

export interface LoggerSettings {
  readonly level?: string;
  /** Where log lines go (tests capture them); stdout when absent. */
  readonly stream?: NodeJS.WritableStream;
}

/** Fastify logger options: pino with redaction and a request serializer that hides tokens in URLs. */
export function loggerOptions(settings: LoggerSettings | false): FastifyServerOptions['logger'] {
  if (settings === false) return false;
  return {
    level: settings.level ?? 'info',
    ...(settings.stream ? { stream: settings.stream } : {}),
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        hostname: request.hostname,
        remoteAddress: request.ip,
      }),
    },
  };
}
