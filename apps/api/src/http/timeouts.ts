/**
 * How long a client may take to send a request. A client that sends slowly holds a socket
 * and a buffer for as long as it likes unless the server sets deadlines; these are generous
 * for any working connection and short for a client dripping bytes on purpose.
 */

/** The whole request, headers and body: a 256 KiB body arrives within a second or two on any working connection. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The request line and headers (a few KB) on their own. */
export const HEADERS_TIMEOUT_MS = 10_000;
/**
 * A socket with no traffic either way for this long is closed. Longer than the slowest
 * answer (an EC2 check waits at most 2 × (3 s + 8 s)) so a working request is never cut.
 */
export const CONNECTION_IDLE_TIMEOUT_MS = 60_000;
/** How often Node checks the two deadlines above; its default (30 s) would let a deadline overrun by as much. */
export const DEADLINE_CHECK_INTERVAL_MS = 1_000;

export interface HttpTimeouts {
  readonly requestMs: number;
  readonly headersMs: number;
  readonly idleMs: number;
  readonly checkIntervalMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  requestMs: REQUEST_TIMEOUT_MS,
  headersMs: HEADERS_TIMEOUT_MS,
  idleMs: CONNECTION_IDLE_TIMEOUT_MS,
  checkIntervalMs: DEADLINE_CHECK_INTERVAL_MS,
};
