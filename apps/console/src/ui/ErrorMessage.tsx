import { errorWords } from '../error-words';

/** An error in words: the message, and each validation reason on its own line. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string | undefined }) {
  if (!error) return null;
  const { message, reasons } = errorWords(error);
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

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}
