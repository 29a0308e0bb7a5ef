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

/**
 * The scope expressions of the API's methods, as templates: `<name>` stands for a request
 * parameter (the path's, or the body's where a route declares so) and is filled per request.
 * Routes name these in their `config.scopes`; nothing else spells a scope.
 */
export const METHOD_SCOPES = {
  manageWorkerType: 'aws-provisioner:manage-worker-type:<workerType>',
  viewWorkerType: {
    AnyOf: ['aws-provisioner:view-worker-type:<workerType>', 'aws-provisioner:manage-worker-type:<workerType>'],
  },
  createSecret: 'aws-provisioner:create-secret:<workerType>',
  /** A worker with getSecret's credentials (its worker type's role), or an operator who may view it. */
  shouldTerminate: {
    AnyOf: [
      'assume:worker-type:<provisionerId>/<workerType>',
      'aws-provisioner:view-worker-type:<workerType>',
      'aws-provisioner:manage-worker-type:<workerType>',
    ],
  },
} as const satisfies Record<string, ScopeExpression>;

const PARAMETER = /<([A-Za-z][A-Za-z0-9]*)>/g;

/** The names of the `<parameters>` a template uses, each once. */
export function templateParameters(template: ScopeExpression): string[] {
  const names = new Set<string>();
  const visit = (expression: ScopeExpression): void => {
    if (typeof expression === 'string') for (const match of expression.matchAll(PARAMETER)) names.add(match[1] as string);
    else ('AnyOf' in expression ? expression.AnyOf : expression.AllOf).forEach(visit);
  };
  visit(template);
  return [...names];
}

/** The template with every `<name>` replaced by `values[name]`; a missing value is a programming error. */
export function fillTemplate(template: ScopeExpression, values: Readonly<Record<string, string>>): ScopeExpression {
  if (typeof template === 'string') {
    return template.replace(PARAMETER, (_whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`scope template parameter <${name}> has no value`);
      return value;
    });
  }
  if ('AnyOf' in template) return { AnyOf: template.AnyOf.map((inner) => fillTemplate(inner, values)) };
  return { AllOf: template.AllOf.map((inner) => fillTemplate(inner, values)) };
}
