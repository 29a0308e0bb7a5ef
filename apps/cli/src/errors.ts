/**
 * The CLI's own typed errors, and how every error reads on stderr; main.ts maps them to exit
 * codes (1 refused or failed, 2 usage). The API's errors come typed from the client core.
 */
import { isApiError, isApiUnreachableError, type ApiError } from '@spot-provisioner/api-client';

/** The command line (or the environment it needs) cannot be used as given: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A service other than the API (EC2, for `ami`) could not be reached: exit 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** The user declined, or a confirmation could not be asked, or there is nothing to show: exit 1. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/** The API's code and message, then each reason on its own line. */
export function formatApiError(error: ApiError): string {
  return `${error.code}: ${error.message}${error.reasons.length > 0 ? `\n${error.reasons.map((r) => `  - ${r}`).join('\n')}` : ''}`;
}

export function errorMessage(error: unknown): string {
  if (isApiError(error)) return formatApiError(error);
  // where to look: the variable that names the API
  if (isApiUnreachableError(error)) return `${error.message}; is it running? (TASKCLUSTER_ROOT_URL)`;
  return error instanceof Error ? error.message : String(error);
}
