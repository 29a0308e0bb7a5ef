/**
 * Extension: `GET /worker-type/<workerType>/instance/<instanceId>/should-terminate` answers
 * `{terminate, reason}` from the daemon's last decision (should-terminate-answer.ts), as
 * Taskcluster worker-manager's shouldWorkerTerminate does, for workers that check before idling
 * out. A worker asks with the temporary credentials getSecret gave it (they hold
 * `assume:worker-type:<provisionerId>/<workerType>`); operators with the view or manage scope
 * may ask too. Read-only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { METHOD_SCOPES } from '../auth/scopes';
import type { ApiContext } from '../context';
import { InstanceIdParam, WorkerTypeParam } from '../schemas/params';
import { errorResponses } from '../schemas/responses';
import { shouldTerminate, ShouldTerminateResponseSchema } from './should-terminate-answer';

const ShouldTerminateParams = z.object({ workerType: WorkerTypeParam, instanceId: InstanceIdParam });

export function shouldTerminateRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { decisions } = ctx.repositories;
  return async (app) => {
    app.get(
      '/worker-type/:workerType/instance/:instanceId/should-terminate',
      {
        schema: {
          operationId: 'shouldTerminate',
          tags: ['extension'],
          summary:
            "Extension: whether an instance should shut itself down (scale-down drains it, or cleanup terminates it), from the daemon's last decision",
          params: ShouldTerminateParams,
          response: { ...errorResponses, 200: ShouldTerminateResponseSchema },
        },
        config: { scopes: { expression: METHOD_SCOPES.shouldTerminate, fixed: { provisionerId: ctx.config.provisionerId } } },
      },
      async (request) => {
        const { workerType, instanceId } = request.params;
        return shouldTerminate((await decisions.get(workerType)) ?? undefined, instanceId);
      },
    );
  };
}
