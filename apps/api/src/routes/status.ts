import { silentHolder, type Heartbeat } from '@spot-provisioner/model';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../context';
import { BackendStatusSchema, PingResponseSchema, errorResponses } from '../schemas/responses';

/** A daemon that missed this many iterations in a row is reported unhealthy. */
export const HEALTHY_WITHIN_ITERATIONS = 3;

/** Why a recent heartbeat still means the provisioner is not doing its job, if it does. */
export function degradedReason(heartbeat: Heartbeat): string | undefined {
  const failed = heartbeat.failedRegions ?? [];
  if (heartbeat.regions !== undefined && heartbeat.regions > 0 && failed.length >= heartbeat.regions) {
    return `the last iteration reached no region (${failed.join(', ')} failed)`;
  }
  if (heartbeat.failure === 'deadline-exceeded') return 'the last iteration passed its deadline and was abandoned';
  return undefined;
}

/** backendStatus (from the daemon's heartbeat) and ping. */
export function statusRoutes(ctx: ApiContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/backend-status',
      {
        schema: {
          operationId: 'backendStatus',
          summary: `When the provisioner last finished an iteration; healthy if within ${HEALTHY_WITHIN_ITERATIONS} iteration periods, it reached a region, and the lease holder renews its lease`,
          response: { ...errorResponses, 200: BackendStatusSchema },
        },
      },
      async () => {
        const [heartbeat, lease] = await Promise.all([ctx.repositories.provisioner.getHeartbeat(), ctx.repositories.provisioner.getLease()]);
        if (!heartbeat) return { status: 'unknown' as const, lastCheckedIn: null };
        const now = ctx.clock();
        const age = now.getTime() - Date.parse(heartbeat.finishedAt);
        // The daemon records its schedule's period; ITERATION_PERIOD_MS covers heartbeats without one.
        const period = heartbeat.iterationPeriodMs ?? ctx.config.iterationPeriodMs;
        const healthy = age <= HEALTHY_WITHIN_ITERATIONS * period;
        // a holder that stopped renewing without releasing (killed, frozen) is noticed within a lease period
        const degraded = silentHolder(lease, now) ?? degradedReason(heartbeat);
        if (degraded) return { status: 'unhealthy' as const, lastCheckedIn: heartbeat.finishedAt, degraded };
        return { status: healthy ? ('healthy' as const) : ('unhealthy' as const), lastCheckedIn: heartbeat.finishedAt };
      },
    );

    app.get(
      '/ping',
      { schema: { operationId: 'ping', summary: 'Liveness', response: { ...errorResponses, 200: PingResponseSchema } } },
      async () => ({ alive: true as const, uptime: (ctx.clock().getTime() - ctx.startedAt.getTime()) / 1000 }),
    );
  };
}
