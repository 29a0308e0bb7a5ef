/** Races a promise against a wall-clock deadline (the iteration hangs in real time, whatever the injected clock says). */

export type DeadlineResult<T> = { readonly done: true; readonly value: T } | { readonly done: false };

export async function withinDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<DeadlineResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<DeadlineResult<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), deadlineMs);
  });
  try {
    return await Promise.race([work.then((value): DeadlineResult<T> => ({ done: true, value })), expired]);
  } finally {
    clearTimeout(timer);
  }
}
