/**
 * Composition root: reads the environment (one schema, every problem at once), builds the
 * API and listens. Run with `corepack pnpm --filter @spot-provisioner/api start`.
 */
import { loadApiConfig } from '@spot-provisioner/config';
import { keyringFromKeys } from '@spot-provisioner/model';
import { buildApp } from './app';
import { createApiDeps } from './deps';
import { asyncStdout, exitOnFatal } from './http/logging';
import { startServer } from './server';

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadApiConfig(env);
  const log = asyncStdout();
  const deps = createApiDeps({
    region: config.awsRegion,
    keyring: keyringFromKeys(config.secretsKey, config.previousSecretsKeys),
    rootClientId: config.rootClientId,
    rootAccessToken: config.rootAccessToken,
    provisionerId: config.provisionerId,
    allowedRegions: config.allowedRegions,
    publicUrl: config.publicUrl,
    taskclusterRootUrl: config.taskclusterRootUrl,
    iterationPeriodMs: config.iterationPeriodMs,
    logger: { level: config.logLevel, stream: log },
    tablePrefix: config.tablePrefix,
  });
  const app = await buildApp(deps);
  exitOnFatal(app.log, log);
  await startServer(app, { port: config.port, host: config.host });

  const shutdown = async () => {
    await app.close();
    deps.close();
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main(process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
