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
import { requireScopes } from '../auth/request-auth';
import { scopedMethod } from '../auth/route-scopes';
import type { ScopeExpression } from '../auth/scopes';
import type { ApiContext } from '../context';
import { InstanceIdParam, WorkerTypeParam } from '../schemas/params';
import { errorResponses } from '../schemas/responses';
import { shouldTerminate, ShouldTerminateResponseSchema } from './should-terminate-answer';
import { viewOrManage } from './worker-types';

const ShouldTerminateParams = z.object({ workerType: WorkerTypeParam, instanceId: InstanceIdParam });

/** The worker's own credentials (getSecret's) or an operator's view/manage scope. */
function workerOrViewer(provisionerId: string, workerType: string): ScopeExpression {
  return { AnyOf: [`assume:worker-type:${provisionerId}/${workerType}`, ...viewOrManage(workerType).AnyOf] };
}

export function shouldTerminateRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { decisions } = ctx.repositories;
  const method = scopedMethod(ctx, workerOrViewer(ctx.config.provisionerId, '<workerType>'));
  return async (app) => {
    app.get(
      '/worker-type/:workerType/instance/:instanceId/should-terminate',
      {
        schema: {
          operationId: 'shouldTerminate',
          tags: ['extension'],
          ...method.docs,
          summary:
            "Extension: whether an instance should shut itself down (scale-down drains it, or cleanup terminates it), from the daemon's last decision",
          params: ShouldTerminateParams,
          response: { ...errorResponses, 200: ShouldTerminateResponseSchema },
        },
        preValidation: method.preValidation,
      },
      async (request) => {
        const { workerType, instanceId } = request.params;
        await requireScopes(ctx, request, workerOrViewer(ctx.config.provisionerId, workerType));
        return shouldTerminate((await decisions.get(workerType)) ?? undefined, instanceId);
      },
    );
  };
}
