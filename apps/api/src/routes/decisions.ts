/**
 * The decision extensions (issue 9): the daemon's last decision for a worker type and its
 * capacity history (the plan preview is in plan-preview.ts). Read-only: nothing here calls
 * EC2 or writes DynamoDB.
 */
import {
  CapacityHistoryPageSchema,
  IsoDateTimeSchema,
  MAX_HISTORY_PAGE,
  WorkerTypeDecisionSchema,
} from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { METHOD_SCOPES } from '../auth/scopes';
import type { ApiContext } from '../context';
import { InputValidationError, ResourceNotFoundError } from '../errors';
import { WorkerTypeParams } from '../schemas/params';
import { errorResponses } from '../schemas/responses';

/** OpenAPI tag of the methods added to the AWS Provisioner's 15 (taskcluster-client does not know them). */
export const EXTENSION = ['extension'];

/** A history window defaults to the last hour: what an operator looking at a shortage wants first. */
export const DEFAULT_HISTORY_WINDOW_MS = 3_600_000;

const HistoryQuerySchema = z.strictObject({
  since: IsoDateTimeSchema.optional().describe('Start of the window (ISO 8601); default: one hour before `until`'),
  until: IsoDateTimeSchema.optional().describe('End of the window (ISO 8601); default: now'),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).optional().describe(`Points per page, at most ${MAX_HISTORY_PAGE}`),
  continuationToken: z.string().min(1).max(2000).optional().describe('From the previous page'),
});

export function decisionRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { decisions, capacityHistory } = ctx.repositories;
  // Same scopes as the workerType method.
  const view = { scopes: { expression: METHOD_SCOPES.viewWorkerType } };
  return async (app) => {
    app.get(
      '/worker-type/:workerType/decision',
      {
        schema: {
          operationId: 'workerTypeDecision',
          tags: EXTENSION,
          summary: "Extension: the daemon's last decision for a worker type, with its reasons",
          params: WorkerTypeParams,
          response: { ...errorResponses, 200: WorkerTypeDecisionSchema },
        },
        config: view,
      },
      async (request) => {
        const { workerType } = request.params;
        const decision = await decisions.get(workerType);
        if (!decision) throw new ResourceNotFoundError(`no decision has been recorded for worker type ${workerType} yet`);
        return decision;
      },
    );

    app.get(
      '/worker-type/:workerType/history',
      {
        schema: {
          operationId: 'workerTypeHistory',
          tags: EXTENSION,
          summary: "Extension: a worker type's capacity history (one point per iteration, kept 14 days), oldest first",
          params: WorkerTypeParams,
          querystring: HistoryQuerySchema,
          response: { ...errorResponses, 200: CapacityHistoryPageSchema },
        },
        config: view,
      },
      async (request) => {
        const { workerType } = request.params;
        const now = ctx.clock();
        const until = request.query.until ? new Date(request.query.until) : now;
        const since = request.query.since ? new Date(request.query.since) : new Date(until.getTime() - DEFAULT_HISTORY_WINDOW_MS);
        if (since.getTime() > until.getTime()) {
          throw new InputValidationError('invalid history window', [`since (${since.toISOString()}) is after until (${until.toISOString()})`]);
        }
        return capacityHistory.page(workerType, {
          since,
          until,
          now,
          ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
          ...(request.query.continuationToken !== undefined ? { continuationToken: request.query.continuationToken } : {}),
        });
      },
    );
  };
}

