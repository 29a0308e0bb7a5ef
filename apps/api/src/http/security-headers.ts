/**
 * Security headers on every answer. The API answers JSON that no browser should sniff as
 * something else, frame, or let load anything; pages with their own policy (the docs, the
 * console) set it in their own context, after this default.
 */
import type { FastifyInstance } from 'fastify';

/** For answers that are data, not pages: nothing may be loaded by them, and they may not be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers every answer carries, Node's own parser errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
    // a child context (docs, console) replaces it afterwards with a page's policy
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
  });
}

/**
 * Swagger UI's own policy (with the hashes of its inline scripts), kept to this origin and out of
 * frames: no `https:` sources, no external validator badge, no upgrade of plain-HTTP deployments.
 * Swagger UI sets inline styles as it renders, hence 'unsafe-inline' for styles only (a hash in
 * the same directive would switch it off).
 */
export function docsContentSecurityPolicy(swaggerPolicy: string): string {
  return swaggerPolicy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && directive !== 'upgrade-insecure-requests')
    .map((directive) => {
      if (directive.startsWith('frame-ancestors')) return "frame-ancestors 'none'";
      if (directive.startsWith('style-src ')) return "style-src 'self' 'unsafe-inline'";
      return directive
        .split(/\s+/)
        .filter((source) => source !== 'https:' && source !== 'validator.swagger.io')
        .join(' ');
    })
    .join('; ');
}
