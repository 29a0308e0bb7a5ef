import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';

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
  /** Where log lines go (tests capture them); stdout, written asynchronously, when absent. */
  readonly stream?: NodeJS.WritableStream | LogDestination;
}

/** pino's own destination: what asyncStdout returns. */
export type LogDestination = ReturnType<typeof pino.destination>;

/** Lines are gathered up to this many bytes before one write: under load, one write per dozen requests instead of two per request. */
export const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in the buffer when traffic is low. */
export const LOG_FLUSH_INTERVAL_MS = 1_000;

/**
 * Standard output written off the request path: lines are buffered and written by libuv
 * (not one blocking write per line, two per request), at the latest LOG_FLUSH_INTERVAL_MS
 * after they were logged. pino flushes the buffer synchronously when the process exits;
 * exitOnFatal covers crashes.
 */
export function asyncStdout(): LogDestination {
  const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  const flusher = setInterval(() => {
    // only when something waits (sonic-boom keeps the buffered length in _len): an empty flush is a wasted write
    const state = destination as unknown as { destroyed?: boolean; _len?: number };
    if (!state.destroyed && (state._len ?? 0) > 0) destination.flush();
  }, LOG_FLUSH_INTERVAL_MS);
  flusher.unref();
  destination.once('close', () => clearInterval(flusher));
  return destination;
}

/**
 * An uncaught exception or unhandled rejection is logged at fatal level, every buffered line
 * is written out, and the process exits 1: no line is lost, the last one says why.
 */
export function exitOnFatal(logger: Pick<pino.Logger, 'fatal'>, destination: Pick<LogDestination, 'flushSync'>): void {
  const fatal = (err: unknown, origin: string) => {
    logger.fatal({ err }, `${origin}; exiting`);
    try {
      destination.flushSync();
    } finally {
      process.exit(1);
    }
  };
  process.on('uncaughtException', (err) => fatal(err, 'uncaught exception'));
  process.on('unhandledRejection', (reason) => fatal(reason, 'unhandled rejection'));
}

/** Fastify logger options: pino with redaction and a request serializer that hides tokens in URLs. */
export function loggerOptions(settings: LoggerSettings | false): FastifyServerOptions['logger'] {
  if (settings === false) return false;
  return {
    level: settings.level ?? 'info',
    stream: settings.stream ?? asyncStdout(),
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
