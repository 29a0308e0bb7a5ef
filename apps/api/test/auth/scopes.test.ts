import { describeExpression, satisfiesAll, satisfiesExpression, scopeSatisfies } from '../../src/auth/scopes';

describe('scope satisfaction', () => {
  it.each([
    ['a:b', 'a:b', true],
    ['a:*', 'a:b:c', true],
    ['*', 'anything', true],
    ['a:b*', 'a:bc', true],
    ['a:b', 'a:bc', false],
    ['a:*b', 'a:xb', false],
    ['a:b', 'a:*', false],
  ])('%s satisfies %s: %s', (held, required, expected) => {
    expect(scopeSatisfies(held, required)).toBe(expected);
  });

  it('satisfies AnyOf with one match and AllOf only with all', () => {
    const held = ['aws-provisioner:view-worker-type:x'];
    const anyOf = { AnyOf: ['aws-provisioner:view-worker-type:x', 'aws-provisioner:manage-worker-type:x'] };
    expect(satisfiesExpression(held, anyOf)).toBe(true);
    expect(satisfiesExpression(held, { AllOf: anyOf.AnyOf })).toBe(false);
    expect(satisfiesAll(['aws-provisioner:*'], anyOf.AnyOf)).toBe(true);
    expect(describeExpression(anyOf)).toBe('aws-provisioner:view-worker-type:x or aws-provisioner:manage-worker-type:x');
  });
});
