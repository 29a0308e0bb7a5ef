import { CLASSIC_API_PATH, PROVISIONER_API_PATH } from '@spot-provisioner/config';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { clientLookup } from './auth/clients';
import { HawkAuthenticator } from './auth/hawk-authenticator';
import { declareScopesPerRoute } from './auth/route-scopes';
import type { ApiConfig, ApiContext, ApiRepositories } from './context';
import type { Ec2ReferenceChecker } from './ec2/ec2-checker';
import { installErrorHandler } from './http/error-handler';
import { frameworkErrorOptions } from './http/framework-errors';
import { installJsonBodyParser } from './http/json-body';
import { loggerOptions, type LoggerSettings } from './http/logging';
import { registerOpenApi } from './http/openapi';
import { installSecurityHeaders } from './http/security-headers';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http/timeouts';
import { PreviewLimiter } from './preview/preview-limiter';
import { WorkerPreviewRunner } from './preview/preview-pool';
import type { PreviewRunner } from './preview/preview-runner';
import { RecordedMarkets } from './preview/recorded-markets';
import { ApiReads } from './reads';
import { consoleRoutes } from './routes/console';
import { decisionRoutes } from './routes/decisions';
import { shouldTerminateRoutes } from './routes/should-terminate';
import { launchSpecRoutes } from './routes/launch-specs';
import { planPreviewRoutes } from './routes/plan-preview';
import { secretRoutes } from './routes/secrets';
import { stateRoutes } from './routes/state';
import { statusRoutes } from './routes/status';
import { workerTypeRoutes } from './routes/worker-types';

/** Worker type definitions are a few KB; DynamoDB items stop at 400 KB. Larger bodies get 413. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface AppDeps {
  readonly repositories: ApiRepositories;
  readonly ec2: Ec2ReferenceChecker;
  readonly config: ApiConfig;
  /** Defaults to the system clock; tests inject their own. */
  readonly clock?: () => Date;
  /** false silences the log; defaults to level info on stdout. */
  readonly logger?: LoggerSettings | false;
  readonly bodyLimitBytes?: number;
  /** Deadlines for slow clients; tests shorten them (defaults: http/timeouts.ts). */
  readonly httpTimeouts?: Partial<HttpTimeouts>;
  /** Where plan previews are computed; defaults to a worker thread (preview/preview-pool.ts). */
  readonly previewRunner?: PreviewRunner;
}

/**
 * Builds the AWS Provisioner API v1 from its dependencies, ready for `inject` or
 * `listen`. Routes are served under /api/aws-provisioner/v1/ and /v1/.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? (() => new Date());
  const timeouts: HttpTimeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...deps.httpTimeouts };
  const app = Fastify({
    logger: loggerOptions(deps.logger ?? {}),
    bodyLimit: deps.bodyLimitBytes ?? MAX_BODY_BYTES,
    // Identifiers are validated by the route schemas; keep Fastify from cutting long ones first.
    routerOptions: { maxParamLength: 500 },
    // a slow client gets 408 and its socket closed (Node's parser errors go to clientErrorHandler)
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    http: { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    ...frameworkErrorOptions(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installJsonBodyParser(app);
  installErrorHandler(app);
  installSecurityHeaders(app);

  const previews = deps.previewRunner ?? new WorkerPreviewRunner();
  if (!deps.previewRunner) app.addHook('onClose', async () => previews.close());
  const ctx: ApiContext = {
    previews,
    previewLimiter: new PreviewLimiter(),
    recordedMarkets: new RecordedMarkets(deps.repositories.markets),
    reads: new ApiReads(deps.repositories),
    repositories: deps.repositories,
    ec2: deps.ec2,
    config: deps.config,
    clock,
    startedAt: clock(),
    authenticator: new HawkAuthenticator(
      clientLookup(
        { clientId: deps.config.rootClientId, accessToken: deps.config.rootAccessToken },
        { findClient: async (clientId) => (await deps.repositories.clients.get(clientId, clock())) ?? undefined },
      ),
      clock,
    ),
  };

  await registerOpenApi(app);
  await app.register(apiV1(ctx), { prefix: PROVISIONER_API_PATH });
  await app.register(
    async (classic) => {
      // The same routes again; the OpenAPI document lists them once.
      classic.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true } as typeof route.schema;
      });
      await classic.register(apiV1(ctx));
    },
    { prefix: CLASSIC_API_PATH },
  );
  await app.register(consoleRoutes());
  return app;
}

function apiV1(ctx: ApiContext) {
  return async (app: FastifyInstance) => {
    declareScopesPerRoute(app, ctx);
    await app.register(workerTypeRoutes(ctx));
    await app.register(launchSpecRoutes(ctx));
    await app.register(secretRoutes(ctx));
    await app.register(stateRoutes(ctx));
    await app.register(statusRoutes(ctx));
    await app.register(decisionRoutes(ctx));
    await app.register(planPreviewRoutes(ctx));
    await app.register(shouldTerminateRoutes(ctx));
  };
}
