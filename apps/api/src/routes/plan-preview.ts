/**
 * The plan preview extension: what the next iteration would decide for a worker type now,
 * for its stored definition or an edited one in the body. Read-only. Everything that grows
 * with the definition (validating it, the launch-spec rules, planning) runs in the preview
 * thread (preview/preview-pool.ts), so a preview at the limits never holds up other requests;
 * a client has at most MAX_CONCURRENT_PREVIEWS_PER_CLIENT running (429 beyond).
 */
import { PlanPreviewResponseSchema, WorkerTypeDefinitionSchema } from '@spot-provisioner/model';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { METHOD_SCOPES } from '../auth/scopes';
import type { ApiContext } from '../context';
import { InputValidationError, ResourceNotFoundError } from '../errors';
import { WorkerTypeParams } from '../schemas/params';
import { ErrorResponseSchema, errorResponses } from '../schemas/responses';
import { EXTENSION } from './decisions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose plan-preview slot this request holds, until its preview is computed or it ends without one. */
    previewSlot?: string;
    previewComputing?: boolean;
  }
}

/** The body schema documents the route; the preview thread validates the body, not the event loop. */
const bodyInPreviewThread: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? (body: unknown) => ({ value: body }) : validatorCompiler(route as never);

export function planPreviewRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  const { workerState, decisions } = ctx.repositories;
  return async (app) => {
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
        validatorCompiler: bodyInPreviewThread,
        // same scopes as the workerType method
        config: { scopes: { expression: METHOD_SCOPES.viewWorkerType } },
        // a client already at its limit is refused before its body is even read (by the id it claims; nothing is taken)
        onRequest: async (request) => {
          const claimed = hawkId(request.headers.authorization);
          if (claimed !== undefined) ctx.previewLimiter.refuseIfFull(claimed);
        },
        // after the scope check: the slot is taken for the verified caller
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
        const edited: unknown = request.body ?? null;
        const [record, snapshot, lastDecision, recorded] = await Promise.all([
          edited === null ? ctx.reads.workerTypes.get(workerType) : null,
          workerState.get(workerType),
          decisions.get(workerType),
          ctx.recordedMarkets.get(),
        ]);
        const definition = edited ?? record?.definition;
        if (!definition) throw new ResourceNotFoundError(`worker type ${workerType} does not exist; send a definition to preview one`);
        // the slot is held while the preview computes, even if the caller goes away meanwhile
        request.previewComputing = true;
        const outcome = await ctx.previews
          .run({
            workerType,
            definition,
            edited: edited !== null,
            managedRegions: ctx.config.allowedRegions,
            markets: recorded,
            capacity: snapshot?.summary ?? null,
            lastDecision: lastDecision ? { decidedAt: lastDecision.decidedAt, inputs: lastDecision.inputs } : null,
            now: ctx.clock().toISOString(),
          })
          .finally(() => releasePreviewSlot(ctx, request));
        if (outcome.kind === 'invalid-body') throw new InputValidationError('invalid body', outcome.reasons);
        if (outcome.kind === 'invalid') throw new InputValidationError('the worker type definition cannot be launched', outcome.reasons);
        return outcome.response;
      },
    );
  };
}

/** The clientId a Hawk header claims (not verified yet). */
function hawkId(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^hawk\s.*\bid="([^"]*)"/i.exec(authorization)?.[1];
}

function releasePreviewSlot(ctx: ApiContext, request: FastifyRequest): void {
  if (request.previewSlot === undefined) return;
  ctx.previewLimiter.release(request.previewSlot);
  request.previewSlot = undefined;
}
