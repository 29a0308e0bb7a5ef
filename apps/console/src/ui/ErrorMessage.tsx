import { isApiError } from '../api/client';

/** An API error in words: the message, and each validation reason on its own line. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = isApiError(error) ? describe(error.status, error.message) : error instanceof Error ? error.message : String(error);
  const reasons = isApiError(error) ? error.reasons : [];
  return (
    <div class="error" role="alert">
      <strong>{title ?? 'The API refused this'}</strong>
      <p>{message}</p>
      {reasons.length > 0 && (
        <ul class="reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function describe(status: number, message: string): string {
  if (status === 401) return `Your credentials were not accepted: ${message}. Sign in again.`;
  if (status === 403) return `You are not allowed to do this: ${message}.`;
  return message;
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}
