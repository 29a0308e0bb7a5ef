import {
  sameJson,
  toWorkerTypeResponse,
  WorkerTypeDefinitionSchema,
  WorkerTypeLastModifiedSchema,
  WorkerTypeResponseSchema,
  type WorkerTypeDefinition,
} from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { METHOD_SCOPES } from '../auth/scopes';
import type { ApiContext } from '../context';
import { RequestConflictError, ResourceNotFoundError } from '../errors';
import { WorkerTypeParams } from '../schemas/params';
import { WorkerTypeListSchema, errorResponses } from '../schemas/responses';
import { assertDefinitionLaunchable } from '../validation/worker-type-validation';

const manage = { scopes: { expression: METHOD_SCOPES.manageWorkerType } };
const view = { scopes: { expression: METHOD_SCOPES.viewWorkerType } };

/** createWorkerType, updateWorkerType, workerType, removeWorkerType, listWorkerTypes, workerTypeLastModified. */
export function workerTypeRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { workerTypes } = ctx.repositories;
  const launchable = (definition: WorkerTypeDefinition) =>
    assertDefinitionLaunchable(definition, ctx.config.allowedRegions, ctx.ec2);

  return async (app) => {
    app.put(
      '/worker-type/:workerType',
      {
        schema: {
          operationId: 'createWorkerType',
          summary: 'Create a worker type (idempotent; 409 if it exists with another definition)',
          params: WorkerTypeParams,
          body: WorkerTypeDefinitionSchema,
          response: { ...errorResponses, 200: WorkerTypeResponseSchema },
        },
        config: manage,
      },
      async (request) => {
        const { workerType } = request.params;
        // An identical existing definition succeeds without re-checking EC2 (idempotence).
        const existing = await workerTypes.get(workerType);
        if (existing) {
          if (!sameJson(existing.definition, request.body)) {
            throw new RequestConflictError(`worker type ${workerType} already exists with a different definition`);
          }
          return toWorkerTypeResponse(existing);
        }
        await launchable(request.body);
        const { record } = await workerTypes.create(workerType, request.body, ctx.clock());
        ctx.reads.changed(workerType);
        return toWorkerTypeResponse(record);
      },
    );

    app.post(
      '/worker-type/:workerType/update',
      {
        schema: {
          operationId: 'updateWorkerType',
          summary: 'Replace the definition of an existing worker type',
          params: WorkerTypeParams,
          body: WorkerTypeDefinitionSchema,
          response: { ...errorResponses, 200: WorkerTypeResponseSchema },
        },
        config: manage,
      },
      async (request) => {
        const { workerType } = request.params;
        if (!(await workerTypes.get(workerType))) throw new ResourceNotFoundError(`worker type ${workerType} does not exist`);
        await launchable(request.body);
        const updated = await workerTypes.update(workerType, request.body, ctx.clock());
        ctx.reads.changed(workerType);
        return toWorkerTypeResponse(updated);
      },
    );

    app.get(
      '/worker-type/:workerType',
      {
        schema: {
          operationId: 'workerType',
          summary: 'Get a worker type',
          params: WorkerTypeParams,
          response: { ...errorResponses, 200: WorkerTypeResponseSchema },
        },
        config: view,
      },
      async (request) => {
        const { workerType } = request.params;
        return toWorkerTypeResponse(await found(workerType));
      },
    );

    app.delete(
      '/worker-type/:workerType',
      {
        schema: {
          operationId: 'removeWorkerType',
          summary: 'Delete a worker type (204 even if absent); the daemon then retires its instances',
          params: WorkerTypeParams,
          response: { ...errorResponses, 204: z.null() },
        },
        config: manage,
      },
      async (request, reply) => {
        const { workerType } = request.params;
        await workerTypes.delete(workerType);
        ctx.reads.changed(workerType);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/list-worker-types',
      {
        schema: {
          operationId: 'listWorkerTypes',
          summary: 'Names of all worker types',
          response: { ...errorResponses, 200: WorkerTypeListSchema },
        },
      },
      async () => (await workerTypes.listNames()).sort(),
    );

    app.get(
      '/worker-type-last-modified/:workerType',
      {
        schema: {
          operationId: 'workerTypeLastModified',
          summary: 'When a worker type was last created or updated',
          params: WorkerTypeParams,
          response: { ...errorResponses, 200: WorkerTypeLastModifiedSchema },
        },
      },
      async (request) => {
        const record = await found(request.params.workerType);
        return { workerType: record.workerType, lastModified: record.lastModified };
      },
    );
  };

  async function found(workerType: string) {
    const record = await ctx.reads.workerTypes.get(workerType);
    if (!record) throw new ResourceNotFoundError(`worker type ${workerType} does not exist`);
    return record;
  }
}
