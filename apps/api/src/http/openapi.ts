import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { ROOT_URL_PREFIX } from '../config';

/** Browsable API documentation. */
export const DOCS_PATH = '/docs';
/** The OpenAPI document, generated from the zod schemas of the routes. */
export const OPENAPI_PATH = `${ROOT_URL_PREFIX}/openapi.json`;

/** Registers the generator; must run before the routes so it sees them. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'AWS Provisioner API v1',
        version: '1.0.0',
        description:
          'Taskcluster-compatible AWS Provisioner. Authenticate with Hawk (Taskcluster credentials); ' +
          'routes are also served under /v1/.',
      },
      components: {
        securitySchemes: { hawk: { type: 'http', scheme: 'hawk', description: 'Taskcluster Hawk credentials' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
