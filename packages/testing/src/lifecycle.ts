/**
 * Set-up and tear-down in one line: a resource started before each test (or once before the
 * file's tests) and stopped after, used as if it were the resource itself:
 *
 *   const h = eachTest(() => startHarness('capacity'), (h) => h.close());
 *   it('…', async () => { await h.createWorkerType('idle'); });
 *
 * The value returned forwards every read to the resource of the running test; reading it
 * outside a test (at the file's top level) throws, naming the mistake.
 */

type Stop<T> = (value: T) => Promise<void> | void;

/** A fresh resource for every test: nothing one test leaves behind reaches the next. */
export function eachTest<T extends object>(start: () => Promise<T>, stop: Stop<T>): T {
  return lifecycle(beforeEach, afterEach, start, stop);
}

/**
 * One resource for all the file's tests: for what is slow to start and that tests do not
 * disturb for each other (each uses its own names), or that `reset` puts back before each test.
 */
export function eachFile<T extends object>(start: () => Promise<T>, stop: Stop<T>, reset?: (value: T) => Promise<void> | void): T {
  const proxy = lifecycle(beforeAll, afterAll, start, stop);
  if (reset) beforeEach(() => reset(proxy));
  return proxy;
}

function lifecycle<T extends object>(setUp: jest.Lifecycle, tearDown: jest.Lifecycle, start: () => Promise<T>, stop: Stop<T>): T {
  let current: T | undefined;
  setUp(async () => {
    current = await start();
  });
  tearDown(async () => {
    const value = current;
    current = undefined;
    if (value !== undefined) await stop(value);
  });
  const target = (): T => {
    if (current === undefined) throw new Error('a test resource was used outside a test (or its start failed): use it inside it(), beforeEach() or afterEach()');
    return current;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value = target();
      const property: unknown = Reflect.get(value, key, value);
      return typeof property === 'function' ? property.bind(value) : property;
    },
    set(_, key, property) {
      return Reflect.set(target(), key, property);
    },
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}
