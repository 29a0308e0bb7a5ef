import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long one request may compute before it lets others run. Well under the API's
 * budget of 100 ms of event-loop blocking, leaving room for the work between checks.
 */
export const SLICE_MS = 15;

/** Hands the event loop to other requests once `SLICE_MS` has passed since the last hand-over. */
export class TimeSlicer {
  private sliceStart = performance.now();

  async maybeYield(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
