/**
 * The decision extensions (issue 9): the daemon's last decision for a worker type, its
 * capacity history, and a preview of what the next iteration would decide for a stored or
 * edited definition. Read-only: nothing here calls EC2 or writes DynamoDB.
 */
import {
  CapacityHistoryPageSchema,
  IsoDateTimeSchema,
  MAX_HISTORY_PAGE,
  PlanPreviewResponseSchema,
  WorkerTypeDecisionSchema,
  WorkerTypeDefinitionSchema,
} from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { METHOD_SCOPES } from '../auth/scopes';
import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../context';
import { InputValidationError, ResourceNotFoundError } from '../errors';
import { WorkerTypeParams } from '../schemas/params';
import { ErrorResponseSchema, errorResponses } from '../schemas/responses';

/** OpenAPI tag of the methods added to the AWS Provisioner's 15 (taskcluster-client does not know them). */
const EXTENSION = ['extension'];

/** A history window defaults to the last hour: what an operator looking at a shortage wants first. */
export const DEFAULT_HISTORY_WINDOW_MS = 3_600_000;

const HistoryQuerySchema = z.strictObject({
  since: IsoDateTimeSchema.optional().describe('Start of the window (ISO 8601); default: one hour before `until`'),
  until: IsoDateTimeSchema.optional().describe('End of the window (ISO 8601); default: now'),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).optional().describe(`Points per page, at most ${MAX_HISTORY_PAGE}`),
  continuationToken: z.string().min(1).max(2000).optional().describe('From the previous page'),
});

export function decisionRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { workerState, decisions, capacityHistory } = ctx.repositories;
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

    app.post(
      '/worker-type/:workerType/plan-preview',
      {
        schema: {
          operationId: 'workerTypePlanPreview',
          tags: EXTENSION,
          summary:
            'Extension: what the next iteration would decide for a worker type now, from the last recorded prices, zones and ' +
            'capacity; with a definition body, for that definition (nothing is stored; EC2 references are not checked)',
          params: WorkerTypeParams,
          // no body arrives as null: preview the stored definition
          body: WorkerTypeDefinitionSchema.nullish(),
          response: {
            ...errorResponses,
            429: ErrorResponseSchema.describe('The client has MAX_CONCURRENT_PREVIEWS_PER_CLIENT previews running; retry after the Retry-After header'),
            200: PlanPreviewResponseSchema,
          },
        },
        config: view,
        // after the scope check, before the body is validated: an over-eager client costs no validation
        preValidation: async (request) => {
          const clientId = request.caller?.clientId ?? 'anonymous';
          ctx.previewLimiter.acquire(clientId);
          request.previewSlot = clientId;
        },
        onResponse: async (request) => releasePreviewSlot(ctx, request),
        onRequestAbort: async (request) => {
          if (!request.previewComputing) releasePreviewSlot(ctx, request);
        },
      },
      async (request) => {
        const { workerType } = request.params;
        const [record, snapshot, lastDecision, recorded] = await Promise.all([
          ctx.reads.workerTypes.get(workerType),
          workerState.get(workerType),
          decisions.get(workerType),
          ctx.recordedMarkets.get(),
        ]);
        const definition = request.body ?? record?.definition;
        if (!definition) throw new ResourceNotFoundError(`worker type ${workerType} does not exist; send a definition to preview one`);
        // the slot is held while the preview computes, even if the caller goes away meanwhile
        request.previewComputing = true;
        const outcome = await ctx.previews.run({
          workerType,
          definition,
          checkLaunchSpecs: Boolean(request.body),
          managedRegions: ctx.config.allowedRegions,
          markets: recorded,
          capacity: snapshot?.summary ?? null,
          lastDecision: lastDecision ? { decidedAt: lastDecision.decidedAt, inputs: lastDecision.inputs } : null,
          now: ctx.clock().toISOString(),
        }).finally(() => releasePreviewSlot(ctx, request));
        if (outcome.kind === 'invalid') throw new InputValidationError('the worker type definition cannot be launched', outcome.reasons);
        return outcome.response;
      },
    );
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose plan-preview slot this request holds, until its preview is computed or it ends without one. */
    previewSlot?: string;
    previewComputing?: boolean;
  }
}

function releasePreviewSlot(ctx: ApiContext, request: FastifyRequest): void {
  if (request.previewSlot === undefined) return;
  ctx.previewLimiter.release(request.previewSlot);
  request.previewSlot = undefined;
}
