import { CreateSecretRequestSchema, sameJson, type SecretRecord } from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { METHOD_SCOPES } from '../auth/scopes';
import { issueTemporaryCredentials } from '../auth/temporary-credentials';
import type { ApiContext } from '../context';
import { InputValidationError, RequestConflictError, ResourceNotFoundError } from '../errors';
import { InstanceStartedParams, TokenParams } from '../schemas/params';
import { GetSecretResponseSchema, OutcomeSchema, errorResponses } from '../schemas/responses';

/** Workers run tasks for days; Taskcluster's provisioner gave them 96 hours of credentials. */
export const WORKER_CREDENTIALS_VALIDITY_MS = 96 * 60 * 60 * 1000;

/** createSecret, getSecret, removeSecret, instanceStarted. */
export function secretRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { secrets } = ctx.repositories;
  return async (app) => {
    app.put(
      '/secret/:token',
      {
        schema: {
          operationId: 'createSecret',
          summary: 'Store the secret a new instance trades its securityToken for',
          params: TokenParams,
          body: CreateSecretRequestSchema,
          response: { ...errorResponses, 200: OutcomeSchema },
        },
        // the worker type named in the body: the secret is for its instances
        config: { scopes: { expression: METHOD_SCOPES.createSecret, fromBody: ['workerType'] } },
      },
      async (request) => {
        const { token } = request.params;
        const body = request.body;
        if (body.token !== token) {
          throw new InputValidationError('invalid secret', ['body.token: must equal the token in the path']);
        }
        const existing = await secrets.get(token, ctx.clock());
        if (existing) {
          if (!sameSecret(existing, body)) throw new RequestConflictError('a different secret already exists under this token');
          return { outcome: 'success' as const };
        }
        await secrets.create(body, ctx.clock());
        return { outcome: 'success' as const };
      },
    );

    app.get(
      '/secret/:token',
      {
        schema: {
          operationId: 'getSecret',
          summary: 'Trade a securityToken, once, for the secret and temporary credentials (404 once taken or expired)',
          params: TokenParams,
          response: { ...errorResponses, 200: GetSecretResponseSchema },
        },
      },
      async (request) => {
        const now = ctx.clock();
        const secret = await secrets.take(request.params.token, now);
        if (!secret) throw new ResourceNotFoundError('no such secret: unknown, expired or already taken');
        const credentials = issueTemporaryCredentials({
          issuer: { clientId: ctx.config.rootClientId, accessToken: ctx.config.rootAccessToken },
          scopes: [`assume:worker-type:${ctx.config.provisionerId}/${secret.workerType}`, 'assume:worker-id:*'],
          start: now,
          expiry: new Date(now.getTime() + WORKER_CREDENTIALS_VALIDITY_MS),
        });
        return { data: secret.secrets, scopes: secret.scopes, credentials };
      },
    );

    app.delete(
      '/secret/:token',
      {
        schema: {
          operationId: 'removeSecret',
          summary: 'Delete a secret (204 even if absent)',
          params: TokenParams,
          response: { ...errorResponses, 204: z.null() },
        },
      },
      async (request, reply) => {
        await secrets.remove(request.params.token);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/instance-started/:instanceId/:token',
      {
        schema: {
          operationId: 'instanceStarted',
          summary: 'An instance reports in with its id and securityToken (404 for an unknown token)',
          params: InstanceStartedParams,
          response: { ...errorResponses, 204: z.null() },
        },
      },
      async (request, reply) => {
        const { instanceId, token } = request.params;
        await secrets.recordInstanceStarted(token, instanceId, ctx.clock());
        return reply.status(204).send(null);
      },
    );
  };
}

function sameSecret(existing: SecretRecord, body: { workerType: string; secrets: unknown; scopes: string[]; expiration: string }): boolean {
  return (
    existing.workerType === body.workerType &&
    sameJson(existing.secrets, body.secrets) &&
    sameJson(existing.scopes, body.scopes) &&
    Date.parse(existing.expiration) === Date.parse(body.expiration)
  );
}
