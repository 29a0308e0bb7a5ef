import { CoalescedRead } from '../src/http/coalesced-read';

/** A read the test finishes by hand, counting how many began. */
function controlledRead() {
  const pending: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  let begun = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      begun += 1;
      pending.push({ resolve, reject });
    });
  return { read, begun: () => begun, finish: (value: number) => pending.shift()?.resolve(value), fail: (error: Error) => pending.shift()?.reject(error) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a coalesced read', () => {
  it('serves every request that arrives during a read with the one read after it, never with the read already in flight', async () => {
    const source = controlledRead();
    const shared = new CoalescedRead(source.read);
    const first = shared.get();
    const waiting = [shared.get(), shared.get(), shared.get()];
    expect(source.begun()).toBe(1);
    source.finish(1); // began before the three arrived: only the first may use it
    await settle();
    expect(await first).toBe(1);
    expect(source.begun()).toBe(2);
    source.finish(2);
    expect(await Promise.all(waiting)).toEqual([2, 2, 2]);
    // idle again: the next request reads afresh
    const later = shared.get();
    source.finish(3);
    expect(await later).toBe(3);
    expect(source.begun()).toBe(3);
  });

  it('gives a failed read to those who waited for it, and reads again for the next', async () => {
    const source = controlledRead();
    const shared = new CoalescedRead(source.read);
    const first = shared.get();
    const second = shared.get();
    source.fail(new Error('store down'));
    await expect(first).rejects.toThrow('store down');
    await settle();
    source.fail(new Error('still down'));
    await expect(second).rejects.toThrow('still down');
    const third = shared.get();
    source.finish(7);
    expect(await third).toBe(7);
  });
});
