/** The console's static files at /console/, `/` redirecting there, /favicon.ico, and a clear page when the console is not built. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { CONSOLE_FAVICON, CONSOLE_PATH, consoleRoutes } from '../src/routes/console';

describe('the console route', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
  });
  afterEach(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(): Promise<FastifyInstance> {
    app = Fastify({ logger: false });
    await app.register(consoleRoutes(dir));
    return app;
  }

  it('redirects / and /console to /console/', async () => {
    await serve();
    for (const url of ['/', '/console']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(CONSOLE_PATH);
    }
  });

  it('serves the built files with a strict content security policy; hashed assets are cached for long', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await serve();
    const index = await app.inject({ method: 'GET', url: '/console/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>console</title>');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const asset = await app.inject({ method: 'GET', url: '/console/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect((await app.inject({ method: 'GET', url: '/console/missing.js' })).statusCode).toBe(404);
  });

  it('serves the console’s icon as /favicon.ico, built or not, so no page logs a 404 for it', async () => {
    await serve();
    const icon = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/vnd.microsoft.icon');
    expect(icon.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(icon.rawPayload.equals(readFileSync(CONSOLE_FAVICON))).toBe(true);
    // an ICO directory of one image
    expect([...icon.rawPayload.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
  });

  it('says how to build the console when it has not been built, and the API still starts', async () => {
    await serve();
    for (const url of ['/console/', '/console/assets/index.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('corepack pnpm --filter @spot-provisioner/console build');
    }
  });
});
