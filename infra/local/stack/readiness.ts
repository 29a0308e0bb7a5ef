/** Waiting for the stack's processes to be healthy, giving up at once if one of them exits. */
import type { ChildExit } from './supervisor';

/** Generous for a cold start on a busy 2-core machine; beyond this something is wrong. */
export const READY_TIMEOUT_MS = 120_000;
const POLL_MS = 250;
/** One health request; a slow answer is retried rather than waited on. */
const REQUEST_TIMEOUT_MS = 2_000;

export class ChildExitedError extends Error {
  override readonly name = 'ChildExitedError';
  constructor(readonly exit: ChildExit) {
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    super(`${exit.name} exited during start-up (${how})${exit.tail.length > 0 ? `; its last output:\n${exit.tail.join('\n')}` : ''}`);
  }
}

export interface ReadinessWatch {
  /** The first child that exited, if any. */
  failure(): ChildExit | undefined;
}

export async function waitUntil(what: string, ready: () => Promise<boolean>, watch: ReadinessWatch): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const failure = watch.failure();
    if (failure) throw new ChildExitedError(failure);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${READY_TIMEOUT_MS / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function apiAnswers(rootUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${rootUrl}/api/aws-provisioner/v1/ping`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The daemon answers /health and has finished its first iteration. */
export async function daemonIterated(healthUrl: string): Promise<boolean> {
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!response.ok) return false;
    const health = (await response.json()) as { lastIteration?: unknown };
    return health.lastIteration !== null && health.lastIteration !== undefined;
  } catch {
    return false;
  }
}
