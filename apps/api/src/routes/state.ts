import {
  toWorkerTypeStateResponse,
  WorkerTypeStateWithUnmetSchema,
  WorkerTypeSummarySchema,
  type WorkerTypeRecord,
  type WorkerTypeStateResponse,
} from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { errorResponses } from '../schemas/responses';
import { ResourceNotFoundError } from '../errors';
import { WorkerTypeParams } from '../schemas/params';

/** state and listWorkerTypeSummaries: read from the daemon's last snapshots, never from EC2. */
export function stateRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { workerState, decisions } = ctx.repositories;
  return async (app) => {
    app.get(
      '/state/:workerType',
      {
        schema: {
          operationId: 'state',
          summary: "The provisioner's last view of a worker type (empty until the daemon has seen it)",
          params: WorkerTypeParams,
          response: { ...errorResponses, 200: WorkerTypeStateWithUnmetSchema },
        },
      },
      async (request) => {
        const { workerType } = request.params;
        const [record, snapshot, decision] = await Promise.all([
          ctx.reads.workerTypes.get(workerType),
          workerState.get(workerType),
          decisions.get(workerType),
        ]);
        // extension: the last decision's unmet summary (extra fields are fine for taskcluster-client)
        const unmet = decision?.unmet ?? null;
        if (snapshot) return { ...withDefinitionLimits(toWorkerTypeStateResponse(snapshot), record), unmet };
        if (!record) throw new ResourceNotFoundError(`worker type ${workerType} does not exist`);
        return { ...emptyState(record), unmet };
      },
    );

    app.get(
      '/list-worker-type-summaries',
      {
        schema: {
          operationId: 'listWorkerTypeSummaries',
          summary: 'Capacity of every worker type from the last snapshots',
          response: { ...errorResponses, 200: z.array(WorkerTypeSummarySchema) },
        },
      },
      // the body serialized once per read (reads.ts); Fastify sends a string as it is, which
      // the schema's types cannot say (the string is the documented array)
      async (_request, reply) => reply.type('application/json; charset=utf-8').send((await ctx.reads.summaries.get()).json as never),
    );
  };
}

/** min/max come from the current definition: an update shows before the next iteration. */
function withDefinitionLimits(state: WorkerTypeStateResponse, record: WorkerTypeRecord | null): WorkerTypeStateResponse {
  if (!record) return state;
  const { minCapacity, maxCapacity } = record.definition;
  return { ...state, summary: { ...state.summary, minCapacity, maxCapacity } };
}

function emptyState(record: WorkerTypeRecord): WorkerTypeStateResponse {
  const { minCapacity, maxCapacity } = record.definition;
  return {
    workerType: record.workerType,
    instances: [],
    requests: [],
    internalTrackedRequests: [],
    summary: { minCapacity, maxCapacity, requestedCapacity: 0, pendingCapacity: 0, runningCapacity: 0 },
  };
}
