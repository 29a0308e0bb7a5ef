/**
 * One read shared by every request that waits for it. A request joins the read that starts
 * after it arrived, never one already in flight (which may have begun before a write it must
 * see), so answers stay as fresh as a read of their own; at most one read runs and one waits.
 * Under load, many requests cost two table scans instead of one each. With `freshForMs`, a
 * result is also reused for that long, unless `forget()` says this process changed the data.
 */
export class CoalescedRead<T> {
  private running: Promise<T> | undefined;
  private next: Promise<T> | undefined;
  private last: { readonly value: T; readonly readAt: number } | undefined;
  /** Bumped by forget(): a read that began before it may not be remembered. */
  private generation = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly freshForMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.last && this.now() - this.last.readAt < this.freshForMs) return Promise.resolve(this.last.value);
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  /** This process changed what is read: the next request reads afresh. */
  forget(): void {
    this.generation += 1;
    this.last = undefined;
  }

  private startNext(): Promise<T> {
    this.next = undefined;
    return this.start();
  }

  private start(): Promise<T> {
    const generation = this.generation;
    const readAt = this.now();
    const read = this.read()
      .then((value) => {
        if (generation === this.generation) this.last = { value, readAt };
        return value;
      })
      .finally(() => {
        if (this.running === read) this.running = undefined;
      });
    this.running = read;
    return read;
  }
}
