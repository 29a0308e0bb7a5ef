import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { PROVISIONER_API_PATH } from '@spot-provisioner/config';
import { OPERATION_EXAMPLES, PARAMETER_EXAMPLES, SCHEMA_EXAMPLES } from './openapi-examples';
import { OPERATION_LINKS } from './openapi-links';
import { docsContentSecurityPolicy } from './security-headers';

/** Browsable API documentation. */
export const DOCS_PATH = '/docs';
/** The OpenAPI document, generated from the zod schemas of the routes. */
export const OPENAPI_PATH = `${PROVISIONER_API_PATH}/openapi.json`;

const DESCRIPTION = `Taskcluster-compatible AWS Provisioner: worker type definitions, launch specifications,
the secrets new instances fetch once, and the provisioner's view of its capacity. Routes are
also served under \`/v1/\`.

## Authentication: Hawk, as in Taskcluster

Methods with scopes need Taskcluster credentials (\`clientId\`, \`accessToken\`) and a
[Hawk](https://github.com/mozilla/hawk) signature in the \`Authorization\` header:
\`Hawk id="<clientId>", ts="<unix seconds>", nonce="<random>", mac="<HMAC-SHA256>"[, hash="<payload hash>"][, ext="<base64 JSON>"]\`.
The MAC covers the method, path and query, host, port, timestamp and nonce, keyed with the
access token; timestamps may differ from the server's clock by 15 minutes. \`ext\` may carry
a temporary-credentials \`certificate\` and \`authorizedScopes\`. GET methods also accept a
\`bewit\` query parameter (a pre-signed URL).

You rarely sign by hand: use **taskcluster-client** (JavaScript: \`npm install taskcluster-client\`,
\`new taskcluster.AwsProvisioner({rootUrl, credentials})\`; also for Python, Go and the
\`taskcluster\` CLI), which builds the path from a \`rootUrl\` and signs every request.

Each method's description names the scopes it requires; a scope ending in \`*\` grants every
scope it prefixes. Errors are JSON \`{code, message}\` (400s add \`reasons\`, 403s add
\`requiredScopes\` and \`clientScopes\`); a 503 carries \`Retry-After\`.`;

/** Registers the generator; must run before the routes so it sees them. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'AWS Provisioner API v1', version: '1.0.0', description: DESCRIPTION },
      components: {
        securitySchemes: {
          hawk: {
            type: 'http',
            scheme: 'hawk',
            description: 'Taskcluster Hawk credentials (see the description above; taskcluster-client signs for you)',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input) as OpenApiDocument),
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    // the validator badge would call validator.swagger.io from every reader's browser
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    transformStaticCSP: docsContentSecurityPolicy,
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: { in: string; name: string; example?: unknown }[];
  requestBody?: { content?: Record<string, { examples?: unknown }> };
  responses?: Record<string, { content?: unknown; links?: unknown }>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

/** 204s declare no body; named schemas, path parameters and request bodies get realistic examples; answers get their links. */
function finishDocument<T extends OpenApiDocument>(document: T): T {
  for (const methods of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(methods)) {
      const noContent = operation.responses?.['204'];
      if (noContent) delete noContent.content;
      addOperationExamples(operation);
    }
  }
  for (const [name, example] of Object.entries(SCHEMA_EXAMPLES)) {
    const schema = document.components?.schemas?.[name];
    if (schema) schema.example = example;
  }
  return document;
}

function addOperationExamples(operation: OpenApiOperation): void {
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'path' && parameter.name in PARAMETER_EXAMPLES) parameter.example = PARAMETER_EXAMPLES[parameter.name];
  }
  const id = operation.operationId ?? '';
  const json = operation.requestBody?.content?.['application/json'];
  const body = OPERATION_EXAMPLES[id]?.body;
  if (json && body) json.examples = body;
  for (const [status, links] of Object.entries(OPERATION_LINKS[id] ?? {})) {
    const response = operation.responses?.[status];
    if (response) response.links = links;
  }
}
