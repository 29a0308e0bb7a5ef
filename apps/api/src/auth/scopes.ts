/**
 * Taskcluster scope satisfaction: a held scope satisfies a required one when they are
 * equal, or when the held scope ends in `*` and the required one starts with what comes
 * before it. Method requirements are scope expressions (a scope, AnyOf, AllOf).
 */
export type ScopeExpression = string | { readonly AnyOf: readonly ScopeExpression[] } | { readonly AllOf: readonly ScopeExpression[] };

export function scopeSatisfies(held: string, required: string): boolean {
  if (held === required) return true;
  return held.endsWith('*') && required.startsWith(held.slice(0, -1));
}

export function satisfiesScope(held: readonly string[], required: string): boolean {
  return held.some((scope) => scopeSatisfies(scope, required));
}

/** Whether every one of `required` is satisfied by `held`. */
export function satisfiesAll(held: readonly string[], required: readonly string[]): boolean {
  return required.every((scope) => satisfiesScope(held, scope));
}

export function satisfiesExpression(held: readonly string[], expression: ScopeExpression): boolean {
  if (typeof expression === 'string') return satisfiesScope(held, expression);
  if ('AnyOf' in expression) return expression.AnyOf.some((inner) => satisfiesExpression(held, inner));
  return expression.AllOf.every((inner) => satisfiesExpression(held, inner));
}

/** A readable form of an expression for error messages: `a or b`, `a and b`. */
export function describeExpression(expression: ScopeExpression): string {
  if (typeof expression === 'string') return expression;
  if ('AnyOf' in expression) return expression.AnyOf.map(describeExpression).join(' or ');
  return expression.AllOf.map(describeExpression).join(' and ');
}
