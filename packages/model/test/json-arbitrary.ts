/**
 * Arbitrary JSON that DynamoDB can hold: finite numbers within its range (no -0, which
 * JSON cannot express either), no `__proto__` keys, nesting a few levels deep.
 * Compare with toEqual: toStrictEqual trips over a generated own key named `constructor`.
 */
import fc from 'fast-check';

const dynamoNumber = fc.oneof(
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc
    .double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })
    .map((value) => (Object.is(value, -0) || Math.abs(value) < 1e-100 ? 0 : value)),
);

const key = fc.string({ minLength: 1, maxLength: 12 }).filter((name) => name !== '__proto__');

const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null), dynamoNumber);

export const jsonValue = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
}));

export const jsonObject = jsonValue.object;
