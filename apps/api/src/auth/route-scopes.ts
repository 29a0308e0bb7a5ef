/**
 * Scopes declared once per route, as Taskcluster's API declarations do: a route names its scope
 * expression (a template from METHOD_SCOPES) in `config.scopes`; one onRoute hook then gives it
 * authentication before body validation (bad credentials are a 401 whatever the body), the
 * scope check (before validation too, unless a parameter comes from the body, as createSecret's
 * workerType does: then after it), and its OpenAPI security requirement and description. A
 * route without `config.scopes` requires none and ignores credentials, as in Taskcluster.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { InsufficientScopesError } from './errors';
import { ANONYMOUS } from './hawk-authenticator';
import { authenticateRequest, type AuthContext } from './request-auth';
import { describeExpression, fillTemplate, satisfiesExpression, templateParameters, type ScopeExpression } from './scopes';

export interface RouteScopes {
  /** A template of METHOD_SCOPES: `<name>` is filled from the request. */
  readonly expression: ScopeExpression;
  /** Template parameters read from the validated body; every other one comes from the path. */
  readonly fromBody?: readonly string[];
  /** Template parameters the deployment fixes, not the request (the provisionerId of a worker's role). */
  readonly fixed?: Readonly<Record<string, string>>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scopes the method requires; absent: none (credentials are then ignored). */
    scopes?: RouteScopes;
  }
}

/** Installs the one scope hook on every route registered after it in `app`'s context. */
export function declareScopesPerRoute(app: FastifyInstance, ctx: AuthContext): void {
  const authenticate = authenticateRequest(ctx);
  app.addHook('onRoute', (route) => {
    const declared = route.config?.scopes;
    route.schema = { ...route.schema, ...documentation(declared, route.schema?.description) };
    if (!declared) return;
    assertParametersResolvable(route, declared);
    // scopes that depend only on the path are checked before the body is validated: a caller
    // without them costs no validation; body parameters wait for the validated body
    if (declared.fromBody?.length) {
      route.preValidation = [authenticate, ...hooks(route.preValidation)];
      route.preHandler = [authorize(declared), ...hooks(route.preHandler)];
    } else {
      route.preValidation = [authenticate, authorize(declared), ...hooks(route.preValidation)];
    }
  });
}

function authorize(declared: RouteScopes) {
  const names = templateParameters(declared.expression);
  const fromBody = new Set(declared.fromBody ?? []);
  return async (request: FastifyRequest): Promise<void> => {
    const caller = request.caller ?? ANONYMOUS;
    const path = request.params as Record<string, unknown>;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      names.map((name) => [name, declared.fixed?.[name] ?? String((fromBody.has(name) ? body : path)[name])]),
    );
    const required = fillTemplate(declared.expression, values);
    if (!satisfiesExpression(caller.scopes, required)) {
      throw new InsufficientScopesError(caller.clientId, describeExpression(required), caller.scopes);
    }
  };
}

/** The OpenAPI security requirement and the scope expression, from the same declaration. */
function documentation(declared: RouteScopes | undefined, own: string | undefined): { security: Array<Record<string, string[]>>; description: string } {
  const text = declared
    ? `Requires Hawk credentials with the scopes: \`${describeExpression(withFixed(declared))}\`` +
      (declared.fromBody?.length ? ` (the ${declared.fromBody.join(' and ')} of the body)` : '') +
      '.'
    : 'Requires no scopes; credentials are ignored.';
  return { security: declared ? [{ hawk: [] }] : [], description: own ? `${text}\n\n${own}` : text };
}

/** The template with the deployment's fixed values in, the request's parameters left as `<name>`. */
function withFixed(declared: RouteScopes): ScopeExpression {
  if (!declared.fixed) return declared.expression;
  const values = Object.fromEntries(templateParameters(declared.expression).map((name) => [name, declared.fixed?.[name] ?? `<${name}>`]));
  return fillTemplate(declared.expression, values);
}

/** A template parameter no request can fill is a mistake in the route table: fail at start-up, not per request. */
function assertParametersResolvable(route: RouteOptions, declared: RouteScopes): void {
  const fromBody = new Set(declared.fromBody ?? []);
  for (const name of templateParameters(declared.expression)) {
    if (!fromBody.has(name) && declared.fixed?.[name] === undefined && !route.url.includes(`:${name}`)) {
      throw new Error(`${route.method} ${route.url}: scope parameter <${name}> is neither in the path nor declared from the body or fixed`);
    }
  }
}

/** A route's hook option as a list (Fastify accepts one hook or several). */
function hooks<T>(hook: T | readonly T[] | undefined): T[] {
  if (hook === undefined) return [];
  return Array.isArray(hook) ? [...(hook as readonly T[])] : [hook as T];
}
