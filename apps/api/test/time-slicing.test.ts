import { SLICE_MS, TimeSlicer } from '../src/http/time-slicing';

describe('slicing long work', () => {
  /** Counts the event-loop turns other work got while `work` ran. */
  async function turnsGivenAway(work: () => Promise<void>): Promise<number> {
    let turns = 0;
    let running = true;
    const other = (): void => {
      if (!running) return;
      turns += 1;
      setImmediate(other);
    };
    setImmediate(other);
    await work();
    running = false;
    return turns;
  }

  it(`hands the event loop over once ${SLICE_MS} ms of work have passed, and not before`, async () => {
    let now = 1_000;
    const slicer = new TimeSlicer(() => now);
    // 10 pieces of work, 2 ms each: 20 ms in all, one hand-over after the 8th piece (16 ms)
    const turns = await turnsGivenAway(async () => {
      for (let piece = 0; piece < 10; piece++) {
        now += 2;
        await slicer.maybeYield();
      }
    });
    expect(turns).toBe(1);
  });

  it('keeps a slice whole when the work is quick', async () => {
    const now = 5_000;
    const slicer = new TimeSlicer(() => now);
    const turns = await turnsGivenAway(async () => {
      for (let piece = 0; piece < 1_000; piece++) await slicer.maybeYield();
    });
    expect(turns).toBe(0);
  });

  it('starts a new slice after each hand-over', async () => {
    let now = 0;
    const slicer = new TimeSlicer(() => now);
    const turns = await turnsGivenAway(async () => {
      for (let piece = 0; piece < 100; piece++) {
        now += 1;
        await slicer.maybeYield();
      }
    });
    expect(turns).toBe(Math.floor(100 / SLICE_MS));
  });
});
