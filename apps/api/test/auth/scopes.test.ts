import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  describeExpression,
  fillTemplate,
  METHOD_SCOPES,
  satisfiesAll,
  satisfiesExpression,
  scopeSatisfies,
  templateParameters,
} from '../../src/auth/scopes';

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

describe('scope templates', () => {
  it('fill every <parameter> of an expression and list each parameter once', () => {
    expect(templateParameters(METHOD_SCOPES.viewWorkerType)).toEqual(['workerType']);
    expect(fillTemplate(METHOD_SCOPES.viewWorkerType, { workerType: 'ci' })).toEqual({
      AnyOf: ['aws-provisioner:view-worker-type:ci', 'aws-provisioner:manage-worker-type:ci'],
    });
    expect(fillTemplate({ AllOf: ['a:<x>:<y>', 'b:<x>'] }, { x: '1', y: '2' })).toEqual({ AllOf: ['a:1:2', 'b:1'] });
    expect(() => fillTemplate('a:<x>', {})).toThrow('<x>');
  });

  it('are spelled only in auth/scopes.ts: no route module names a scope or checks one itself', () => {
    const routes = path.join(__dirname, '..', '..', 'src', 'routes');
    for (const file of readdirSync(routes)) {
      const source = readFileSync(path.join(routes, file), 'utf8');
      expect({ file, scope: /['"`]aws-provisioner:/.test(source) }).toEqual({ file, scope: false });
      expect({ file, check: /satisfies|InsufficientScopes|requireScopes|authenticate/.test(source) }).toEqual({ file, check: false });
    }
  });
});
