import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long one request may compute before it lets others run. Well under the API's
 * budget of 100 ms of event-loop blocking, leaving room for the work between checks.
 */
export const SLICE_MS = 15;

/** Hands the event loop to other requests once `SLICE_MS` has passed since the last hand-over. */
export class TimeSlicer {
  private sliceStart: number;

  /** `now`: milliseconds on a monotonic clock (tests pass their own). */
  constructor(private readonly now: () => number = () => performance.now()) {
    this.sliceStart = now();
  }

  async maybeYield(): Promise<void> {
    if (this.now() - this.sliceStart < SLICE_MS) return;
    await nextTurn();
    this.sliceStart = this.now();
  }
}
