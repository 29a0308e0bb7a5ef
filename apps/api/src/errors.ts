/**
 * API errors: each maps to one HTTP status and a Taskcluster-style `code`. The error
 * handler turns them into `{code, message, ...details}`; messages never carry secrets.
 */
export abstract class ApiError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  /** Extra fields for the JSON body, e.g. the list of reasons. */
  readonly details: Readonly<Record<string, unknown>> = {};
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Readonly<Record<string, string>> = {};
}

/** Bad input: the body lists every reason. */
export class InputValidationError extends ApiError {
  override readonly name = 'InputValidationError';
  readonly statusCode = 400;
  readonly code = 'InputValidationError';
  override readonly details: { readonly reasons: readonly string[] };
  constructor(summary: string, reasons: readonly string[]) {
    super(`${summary}:\n${reasons.map((reason) => `- ${reason}`).join('\n')}`);
    this.details = { reasons };
  }
}

export class ResourceNotFoundError extends ApiError {
  override readonly name = 'ResourceNotFoundError';
  readonly statusCode = 404;
  readonly code = 'ResourceNotFound';
}

export class RequestConflictError extends ApiError {
  override readonly name = 'RequestConflictError';
  readonly statusCode = 409;
  readonly code = 'RequestConflict';
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The body is not JSON. */
export class MalformedPayloadError extends ApiError {
  override readonly name = 'MalformedPayloadError';
  readonly statusCode = 400;
  readonly code = 'MalformedPayload';
}
