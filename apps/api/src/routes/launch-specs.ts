import { Readable } from 'node:stream';
import { buildLaunchSpecification, definitionPools, type LaunchContext } from '@spot-provisioner/launch-spec';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { provisionerBaseUrl } from '@spot-provisioner/config';
import { METHOD_SCOPES } from '../auth/scopes';
import type { ApiContext } from '../context';
import { ResourceNotFoundError } from '../errors';
import { TimeSlicer } from '../http/time-slicing';
import { WorkerTypeParams } from '../schemas/params';
import { LaunchSpecsResponseSchema, errorResponses } from '../schemas/responses';

/** Zone key for a region that configures no zones: the provisioner may use any of them. */
export const ANY_ZONE_KEY = '*';

/** getLaunchSpecs: a preview of every launch specification a worker type can produce. */
export function launchSpecRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/worker-type/:workerType/launch-specifications',
      {
        schema: {
          operationId: 'getLaunchSpecs',
          summary: 'Every launch specification of a worker type (bid, price and token are null until launch)',
          params: WorkerTypeParams,
          response: { ...errorResponses, 200: LaunchSpecsResponseSchema },
        },
        config: { scopes: { expression: METHOD_SCOPES.viewWorkerType } },
      },
      async (request, reply) => {
        const { workerType } = request.params;
        const record = await ctx.reads.workerTypes.get(workerType);
        if (!record) throw new ResourceNotFoundError(`worker type ${workerType} does not exist`);
        const context: LaunchContext = {
          workerType,
          provisionerId: ctx.config.provisionerId,
          lastModified: record.lastModified,
          provisionerBaseUrl: provisionerBaseUrl(ctx.config.publicUrl),
          taskclusterRootUrl: ctx.config.taskclusterRootUrl,
          generatedAt: ctx.clock(),
          spotBid: null,
          price: null,
          securityToken: null,
        };
        // Thousands of specifications are megabytes of JSON: built and sent piece by piece,
        // handing the event loop to other requests between pieces (LaunchSpecsResponseSchema
        // documents the shape; the entries are built here, not taken from the caller).
        const body = Readable.from(launchSpecsJson(record.definition, context));
        // A stream bypasses the response serializer; the route's typing does not know that.
        return reply.type('application/json; charset=utf-8').send(body as never);
      },
    );
  };
}

/** The LaunchSpecs document as text chunks: region → instanceType → zone → entry. */
async function* launchSpecsJson(definition: WorkerTypeDefinition, context: LaunchContext): AsyncGenerator<string> {
  const slicer = new TimeSlicer();
  let region: string | undefined;
  let instanceType: string | undefined;
  yield '{';
  for (const pool of definitionPools(definition)) {
    await slicer.maybeYield();
    const spec = buildLaunchSpecification(definition, pool, context);
    const entry = { launchSpec: spec.launchSpec, userData: { ...spec.instanceUserData }, secrets: spec.secrets, scopes: [...spec.scopes] };
    let opening: string;
    if (pool.region !== region) {
      opening = `${region === undefined ? '' : '}},'}${JSON.stringify(pool.region)}:{${JSON.stringify(pool.instanceType)}:{`;
    } else if (pool.instanceType !== instanceType) {
      opening = `},${JSON.stringify(pool.instanceType)}:{`;
    } else {
      opening = ',';
    }
    region = pool.region;
    instanceType = pool.instanceType;
    yield `${opening}${JSON.stringify(pool.availabilityZone ?? ANY_ZONE_KEY)}:${JSON.stringify(entry)}`;
  }
  yield region === undefined ? '}' : '}}}';
}
