import { buildAllLaunchSpecifications } from '@spot-provisioner/launch-spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { requireScopes } from '../auth/request-auth';
import { scopedMethod } from '../auth/route-scopes';
import { provisionerBaseUrl } from '../config';
import type { ApiContext } from '../context';
import { ResourceNotFoundError } from '../errors';
import { WorkerTypeParams } from '../schemas/params';
import { LaunchSpecsResponseSchema, errorResponses } from '../schemas/responses';
import { viewOrManage } from './worker-types';

/** Zone key for a region that configures no zones: the provisioner may use any of them. */
export const ANY_ZONE_KEY = '*';

/** getLaunchSpecs: a preview of every launch specification a worker type can produce. */
export function launchSpecRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const viewMethod = scopedMethod(ctx, viewOrManage('<workerType>'));
  return async (app) => {
    app.get(
      '/worker-type/:workerType/launch-specifications',
      {
        schema: {
          operationId: 'getLaunchSpecs',
          summary: 'Every launch specification of a worker type (bid, price and token are null until launch)',
          ...viewMethod.docs,
          params: WorkerTypeParams,
          response: { ...errorResponses, 200: LaunchSpecsResponseSchema },
        },
        preValidation: viewMethod.preValidation,
      },
      async (request) => {
        const { workerType } = request.params;
        await requireScopes(ctx, request, viewOrManage(workerType));
        const record = await ctx.repositories.workerTypes.get(workerType);
        if (!record) throw new ResourceNotFoundError(`worker type ${workerType} does not exist`);
        const specs = buildAllLaunchSpecifications(record.definition, {
          workerType,
          provisionerId: ctx.config.provisionerId,
          lastModified: record.lastModified,
          provisionerBaseUrl: provisionerBaseUrl(ctx.config),
          taskclusterRootUrl: ctx.config.taskclusterRootUrl,
          generatedAt: ctx.clock(),
          spotBid: null,
          price: null,
          securityToken: null,
        });
        const byRegion: z.output<typeof LaunchSpecsResponseSchema> = {};
        for (const spec of specs) {
          const { region, instanceType, availabilityZone } = spec.pool;
          const byType = (byRegion[region] ??= {});
          const byZone = (byType[instanceType] ??= {});
          byZone[availabilityZone ?? ANY_ZONE_KEY] = {
            launchSpec: spec.launchSpec,
            userData: { ...spec.instanceUserData },
            secrets: spec.secrets,
            scopes: [...spec.scopes],
          };
        }
        return byRegion;
      },
    );
  };
}
