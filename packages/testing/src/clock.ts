/**
 * The one clock tests move by hand. It reads as the daemon's `Clock` (`now()`: epoch
 * milliseconds) and as the API's clock function (`date()`), so one value serves both.
 * Stopped by default (time moves only when a test moves it); a running clock moves with real
 * time from where it starts, and set/advance still move it.
 */
export class TestClock {
  /** Stopped: the time. Running: the offset from real time. */
  private value: number;
  private readonly running: boolean;

  /** Starts at the real time unless told otherwise: taskcluster-client signs with the real clock. */
  constructor(start: Date | number = Date.now(), options: { running?: boolean } = {}) {
    this.running = options.running ?? false;
    this.value = epochOf(start) - (this.running ? Date.now() : 0);
  }

  /** Epoch milliseconds (the daemon's Clock). Bound, so it can be handed out as a function. */
  readonly now = (): number => this.value + (this.running ? Date.now() : 0);

  /** The same moment as a Date (the API's `clock` option). */
  readonly date = (): Date => new Date(this.now());

  set(at: Date | number): void {
    this.value = epochOf(at) - (this.running ? Date.now() : 0);
  }

  advance(ms: number): void {
    this.value += ms;
  }
}

function epochOf(at: Date | number): number {
  return typeof at === 'number' ? at : at.getTime();
}
