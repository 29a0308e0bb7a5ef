/**
 * Composition root: reads the environment, builds the API and listens. Run with
 * `corepack pnpm --filter @spot-provisioner/api start`.
 */
import { keyringFromEnv } from '@spot-provisioner/model';
import { buildApp } from './app';
import { DEFAULT_ITERATION_PERIOD_MS } from './config';
import { createApiDeps, DEFAULT_ALLOWED_REGIONS, DEFAULT_PORT, DEFAULT_PROVISIONER_ID, DEFAULT_ROOT_CLIENT_ID } from './deps';
import { startServer } from './server';

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const rootAccessToken = env.ROOT_ACCESS_TOKEN;
  if (!rootAccessToken) throw new Error('ROOT_ACCESS_TOKEN is required');
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number');
  const host = env.HOST ?? '127.0.0.1';
  const allowedRegions = env.ALLOWED_REGIONS
    ? env.ALLOWED_REGIONS.split(',').map((region) => region.trim()).filter(Boolean)
    : DEFAULT_ALLOWED_REGIONS;
  const publicUrl = env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  const deps = createApiDeps({
    region: env.AWS_REGION ?? allowedRegions[0] ?? 'us-east-1',
    keyring: keyringFromEnv(env),
    rootClientId: env.ROOT_CLIENT_ID ?? DEFAULT_ROOT_CLIENT_ID,
    rootAccessToken,
    provisionerId: env.PROVISIONER_ID ?? DEFAULT_PROVISIONER_ID,
    allowedRegions,
    publicUrl,
    taskclusterRootUrl: env.TASKCLUSTER_ROOT_URL ?? env.QUEUE_ROOT_URL ?? publicUrl,
    iterationPeriodMs: env.ITERATION_PERIOD_MS ? Number(env.ITERATION_PERIOD_MS) : DEFAULT_ITERATION_PERIOD_MS,
    logger: { level: env.LOG_LEVEL ?? 'info' },
    ...(env.TABLE_PREFIX ? { tablePrefix: env.TABLE_PREFIX } : {}),
  });
  const app = await buildApp(deps);
  await startServer(app, { port, host });

  const shutdown = async () => {
    await app.close();
    deps.close();
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main(process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
