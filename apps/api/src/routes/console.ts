import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the API serves the administrative console (apps/console's static build). */
export const CONSOLE_PATH = '/console/';
/** apps/console/dist, from this file's place in the repository (src and the container image keep the layout). */
export const CONSOLE_DIST_DIR = path.resolve(__dirname, '..', '..', '..', 'console', 'dist');
/**
 * The console's icon, also the site's /favicon.ico (browsers ask for it on every page, the
 * docs' too): apps/console/public, which the build copies into dist.
 */
export const CONSOLE_FAVICON = path.resolve(__dirname, '..', '..', '..', 'console', 'public', 'favicon.ico');
/** The icon changes rarely; a day keeps browsers from asking on every page without pinning an old one for long. */
const FAVICON_MAX_AGE_SECONDS = 24 * 3600;
/** Built assets carry a content hash in their names, so browsers may keep them for a year. */
const ASSET_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Same origin as the API, so no CORS. The console signs its requests itself (Hawk); the
 * policy keeps anything but this origin's scripts out. CodeMirror injects its styles, hence
 * 'unsafe-inline' for styles only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The console at /console/, `/` redirecting there, and /favicon.ico. When the console has
 * not been built (a fresh clone before scripts/bootstrap.sh), the API still starts and
 * /console/ says how to build it.
 */
export function consoleRoutes(distDir: string = CONSOLE_DIST_DIR, faviconFile: string = CONSOLE_FAVICON) {
  return async (app: FastifyInstance) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-content-type-options', 'nosniff');
    });
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PATH));
    app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PATH));
    if (existsSync(faviconFile)) {
      const favicon = readFileSync(faviconFile);
      app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
        reply.type('image/vnd.microsoft.icon').header('cache-control', `public, max-age=${FAVICON_MAX_AGE_SECONDS}`).send(favicon),
      );
    }

    if (!existsSync(path.join(distDir, 'index.html'))) {
      const notBuilt = async (_request: unknown, reply: FastifyReply) => reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      app.get(CONSOLE_PATH, { schema: { hide: true } }, notBuilt);
      app.get(`${CONSOLE_PATH}*`, { schema: { hide: true } }, notBuilt);
      return;
    }
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: CONSOLE_PATH,
      // Swagger UI decorates the reply already; this instance serves only its own files.
      decorateReply: false,
      // send's own cache-control would give every file one policy; these two differ.
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? `public, max-age=${ASSET_MAX_AGE_SECONDS}, immutable` : 'no-cache');
      },
    });
  };
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The console has not been built</h1>
<p>The API is running, but the administrative console's files are missing. Build them with</p>
<pre>corepack pnpm --filter @spot-provisioner/console build</pre>
<p>(<code>scripts/bootstrap.sh</code>, run by <code>scripts/start-local.sh</code> and <code>scripts/test.sh</code>, does it),
then restart the API. The API itself is at <a href="/api/aws-provisioner/v1/ping">/api/aws-provisioner/v1/</a>
and its documentation at <a href="/docs">/docs</a>.</p>
</body></html>
`;
