/**
 * What can go wrong talking to the API, as two typed errors with guards: the API answered
 * with an error (`ApiError`: its status, Taskcluster-style code, message and every
 * validation reason), or it could not be reached at all (`ApiUnreachableError`). How each
 * is worded for people is the console's and the CLI's business.
 */

/** The API answered with an error status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    /** The API's message; when it lists reasons, only its first line (the reasons are below). */
    message: string,
    readonly reasons: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The API gave no answer: connection refused, DNS, reset, or no answer within the timeout. */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
  constructor(
    readonly rootUrl: string,
    /** Short and technical: ECONNREFUSED, "no answer within 30 s", the browser's words. */
    readonly reason: string,
    readonly timedOut: boolean,
    /** How many times the request was sent. */
    readonly attempts: number,
  ) {
    super(`cannot reach the API at ${rootUrl} (${reason})`);
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

export function isApiUnreachableError(error: unknown): error is ApiUnreachableError {
  return error instanceof ApiUnreachableError;
}

/** Longest piece of a non-JSON error body quoted in a message (a proxy's HTML page, say). */
const MAX_QUOTED_BODY_CHARS = 200;

/** The API's `{code, message, reasons?}`; any other body becomes a sentence with the status. */
export function errorFromResponse(status: number, text: string): ApiError {
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const quoted = text.trim().slice(0, MAX_QUOTED_BODY_CHARS);
    return new ApiError(status, `HTTP${status}`, quoted ? `the API answered HTTP ${status}: ${quoted}` : `the API answered HTTP ${status}`);
  }
  const record = body as Record<string, unknown>;
  const code = typeof record.code === 'string' ? record.code : `HTTP${status}`;
  const reasons = Array.isArray(record.reasons) ? record.reasons.filter((r): r is string => typeof r === 'string') : [];
  let message = typeof record.message === 'string' ? record.message : `the API answered HTTP ${status}`;
  // A validation message repeats its reasons as a list after its first line.
  if (reasons.length > 0) message = message.split('\n')[0] ?? message;
  return new ApiError(status, code, message, reasons);
}

/** fetch hides the reason in `cause` (Node: a code, or an AggregateError over several addresses). */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } } | null)?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
