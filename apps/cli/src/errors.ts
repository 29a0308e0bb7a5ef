/** The CLI's typed errors; main.ts maps them to exit codes (1 refused or failed, 2 usage). */

/** The command line (or the environment it needs) cannot be used as given: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The API answered with an error: its code, message and (for 400) every reason. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly reasons: readonly string[],
  ) {
    super(`${code}: ${apiMessage}${reasons.length > 0 ? `\n${reasons.map((r) => `  - ${r}`).join('\n')}` : ''}`);
  }
}

/** The API could not be reached at all (refused connection, DNS, timeout). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** The user declined, or a confirmation could not be asked: exit 1. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
