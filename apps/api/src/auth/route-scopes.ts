import { authenticateFirst } from './request-auth';
import type { HawkAuthenticator } from './hawk-authenticator';
import { describeExpression, type ScopeExpression } from './scopes';

/**
 * Route options for a method with scopes: authentication before body validation, and
 * the OpenAPI security requirement with the scope expression in the description.
 * `expression` is written with placeholders such as `<workerType>`.
 */
export function scopedMethod(
  ctx: { readonly authenticator: HawkAuthenticator; readonly config: { readonly publicUrl: string } },
  expression: ScopeExpression,
  note = '',
) {
  return {
    preValidation: authenticateFirst(ctx),
    docs: {
      security: [{ hawk: [] }],
      description: `Requires Hawk credentials with the scopes: \`${describeExpression(expression)}\`${note ? ` ${note}` : ''}.`,
    },
  };
}

/** OpenAPI for a method without scopes: no credentials needed (any sent are ignored). */
export const unscopedMethod = { security: [], description: 'Requires no scopes; credentials are ignored.' };
