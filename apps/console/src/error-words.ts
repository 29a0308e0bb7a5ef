/** What an error means for the person at the console, in a sentence, with the API's reasons apart. Pure. */
import { isApiError, isApiUnreachableError } from '@spot-provisioner/api-client';

export interface ErrorWords {
  readonly message: string;
  readonly reasons: readonly string[];
}

export function errorWords(error: unknown): ErrorWords {
  if (isApiError(error)) {
    if (error.status === 401) return { message: `Your credentials were not accepted: ${error.message}. Sign in again.`, reasons: error.reasons };
    if (error.status === 403) return { message: `You are not allowed to do this: ${error.message}.`, reasons: error.reasons };
    return { message: error.message, reasons: error.reasons };
  }
  if (isApiUnreachableError(error)) {
    const what = error.timedOut ? 'The API did not answer' : 'The API could not be reached';
    return { message: `${what} (${error.reason}): check that it is running.`, reasons: [] };
  }
  return { message: error instanceof Error ? error.message : String(error), reasons: [] };
}
