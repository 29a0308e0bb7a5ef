/**
 * Authentication and authorization failures. Messages say what was wrong without
 * repeating any secret: no access token, signature, MAC or Authorization header.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

export class InsufficientScopesError extends Error {
  override readonly name = 'InsufficientScopesError';
  constructor(
    readonly clientId: string | undefined,
    readonly required: string,
    readonly held: readonly string[],
  ) {
    super(
      clientId
        ? `client ${clientId} lacks the scopes this method requires: ${required}`
        : `this method requires credentials with the scopes: ${required}`,
    );
  }
}

export function isAuthenticationError(error: unknown): error is AuthenticationError {
  return error instanceof AuthenticationError;
}

export function isInsufficientScopesError(error: unknown): error is InsufficientScopesError {
  return error instanceof InsufficientScopesError;
}
