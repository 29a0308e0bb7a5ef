import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Caller, HawkAuthenticator } from '../../src/auth/hawk-authenticator';
import { declareScopesPerRoute } from '../../src/auth/route-scopes';
import { installErrorHandler } from '../../src/http/error-handler';
import { installJsonBodyParser } from '../../src/http/json-body';

/** An authenticator that trusts a test header: the hook, not Hawk, is under test here. */
const trusting = {
  authenticate: async (request: { authorization: string | undefined }): Promise<Caller> =>
    request.authorization ? { clientId: 'tester', scopes: request.authorization.split(' ') } : { clientId: undefined, scopes: [] },
} as unknown as HawkAuthenticator;

async function appWith(register: (app: FastifyInstance) => void) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installJsonBodyParser(app);
  installErrorHandler(app);
  declareScopesPerRoute(app, { authenticator: trusting, config: { publicUrl: 'http://127.0.0.1' } });
  register(app);
  await app.ready();
  return app;
}

describe('scopes declared once per route', () => {
  it('fills path and body parameters, and checks them only after the body is valid', async () => {
    const app = await appWith((app) =>
      app.withTypeProvider<ZodTypeProvider>().put(
        '/thing/:name',
        {
          schema: { params: z.object({ name: z.string() }), body: z.strictObject({ owner: z.string().regex(/^[a-z]+$/) }) },
          config: { scopes: { expression: { AllOf: ['thing:<name>', 'owner:<owner>'] }, fromBody: ['owner'] } },
        },
        async () => ({ ok: true }),
      ),
    );
    const put = (body: unknown, scopes: string) =>
      app.inject({ method: 'PUT', url: '/thing/a', payload: body as object, headers: scopes ? { authorization: scopes } : {} });

    expect((await put({ owner: 'bob' }, 'thing:a owner:bob')).statusCode).toBe(200);
    const refused = await put({ owner: 'bob' }, 'thing:a owner:alice');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'InsufficientScopes', requiredScopes: 'thing:a and owner:bob' });
    // an invalid body is a 400 with its reasons, not a scope check on a value never validated
    expect((await put({ owner: 'B*' }, 'thing:a')).statusCode).toBe(400);
    await app.close();
  });

  it('documents the security requirement and the expression from the same declaration', async () => {
    const routes: Array<{ url: string; schema?: { security?: unknown; description?: string } }> = [];
    const app = await appWith((app) => {
      app.addHook('onRoute', (route) => void routes.push(route as (typeof routes)[number]));
      app.get('/open', async () => 'ok');
      app.get('/closed/:name', { schema: { description: 'More words.' }, config: { scopes: { expression: 'thing:<name>' } } }, async () => 'ok');
    });
    const schemaOf = (url: string) => routes.find((route) => route.url === url)?.schema;
    expect(schemaOf('/open')).toMatchObject({ security: [], description: 'Requires no scopes; credentials are ignored.' });
    expect(schemaOf('/closed/:name')).toMatchObject({
      security: [{ hawk: [] }],
      description: 'Requires Hawk credentials with the scopes: `thing:<name>`.\n\nMore words.',
    });
    await app.close();
  });

  it('fills a parameter the deployment fixes, and documents it filled', async () => {
    const routes: Array<{ url: string; schema?: { description?: string } }> = [];
    const app = await appWith((app) => {
      app.addHook('onRoute', (route) => void routes.push(route as (typeof routes)[number]));
      app.get('/worker/:name', { config: { scopes: { expression: 'assume:<owner>/<name>', fixed: { owner: 'prov' } } } }, async () => 'ok');
    });
    const get = (scopes: string) => app.inject({ method: 'GET', url: '/worker/a', headers: { authorization: scopes } });
    expect((await get('assume:prov/a')).statusCode).toBe(200);
    expect((await get('assume:other/a')).json()).toMatchObject({ code: 'InsufficientScopes', requiredScopes: 'assume:prov/a' });
    expect(routes.find((route) => route.url === '/worker/:name')?.schema?.description).toBe('Requires Hawk credentials with the scopes: `assume:prov/<name>`.');
    await app.close();
  });

  it('refuses to start a route whose scope parameter no request can fill', async () => {
    await expect(
      appWith((app) => app.get('/things', { config: { scopes: { expression: 'thing:<name>' } } }, async () => 'ok')),
    ).rejects.toThrow('GET /things: scope parameter <name> is neither in the path nor declared from the body or fixed');
  });
});
