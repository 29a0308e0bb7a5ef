import type { FastifyRequest } from 'fastify';
import type { Caller, HawkAuthenticator, SignedRequest } from './hawk-authenticator';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, to check a Hawk payload hash. */
    rawBody?: string;
    /** Set by `authenticateRequest` before the body is validated (methods with scopes only). */
    caller?: Caller;
  }
}

export type AuthContext = { readonly authenticator: HawkAuthenticator; readonly config: { readonly publicUrl: string } };

/**
 * A preValidation hook for methods with scopes: bad credentials are a 401 before the body is
 * looked at (an unknown client learns nothing about the body's rules). The scopes are checked
 * after validation (route-scopes.ts), since a parameter may come from the body.
 */
export function authenticateRequest(ctx: AuthContext) {
  return async (request: FastifyRequest): Promise<void> => {
    request.caller = await ctx.authenticator.authenticate(signedRequestOf(request, ctx.config.publicUrl), request.rawBody);
  };
}

/**
 * The host and port the client signed: the Host header's. A proxy may drop the port
 * (e.g. TLS ends at a load balancer): then the public URL's port when it names the same
 * host, else the protocol's default.
 */
export function signedRequestOf(request: FastifyRequest, publicUrl: string): SignedRequest {
  const hostHeader = request.headers.host ?? '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  const host = match?.[1] ?? hostHeader;
  const port = match?.[2] ? Number(match[2]) : (publicPort(publicUrl, host) ?? (request.protocol === 'https' ? 443 : 80));
  return {
    method: request.method,
    url: request.url,
    host,
    port,
    authorization: request.headers.authorization,
    contentType: request.headers['content-type'],
  };
}

function publicPort(publicUrl: string, host: string): number | undefined {
  try {
    const url = new URL(publicUrl);
    if (url.hostname !== host) return undefined;
    return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  } catch {
    return undefined;
  }
}
