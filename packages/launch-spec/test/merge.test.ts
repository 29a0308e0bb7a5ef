import { deepMerge } from '../src';

describe('deepMerge', () => {
  it('lets later layers override earlier keys and merges nested objects key by key', () => {
    const merged = deepMerge(
      { a: 1, nested: { keep: true, replace: 'general' } },
      { nested: { replace: 'region', add: 2 } },
      { a: 3 },
    );
    expect(merged).toEqual({ a: 3, nested: { keep: true, replace: 'region', add: 2 } });
  });

  it('replaces arrays whole instead of merging them index by index', () => {
    expect(deepMerge({ SecurityGroups: ['a', 'b'] }, { SecurityGroups: ['c'] })).toEqual({ SecurityGroups: ['c'] });
  });

  it('never lets undefined override, but lets null override', () => {
    expect(deepMerge({ a: 1, b: 2 }, { a: undefined, b: null })).toEqual({ a: 1, b: null });
  });

  it('replaces an object with a scalar and a scalar with an object', () => {
    expect(deepMerge({ a: { x: 1 }, b: 1 }, { a: 'flat', b: { y: 2 } })).toEqual({ a: 'flat', b: { y: 2 } });
  });

  it('does not mutate its inputs nor share objects with them', () => {
    const general = { nested: { list: [{ deep: 1 }] } };
    const region = { nested: { other: true } };
    const merged = deepMerge(general, region);
    (merged.nested as { list: { deep: number }[] }).list[0]!.deep = 99;
    expect(general).toEqual({ nested: { list: [{ deep: 1 }] } });
    expect(region).toEqual({ nested: { other: true } });
  });
});
