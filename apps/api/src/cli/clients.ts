/**
 * Operator CLI for API clients: `corepack pnpm --filter @spot-provisioner/api clients <command>`.
 * Prints a new access token once on create/rotate; it is never logged.
 */
import { createRepositories, keyringFromEnv, tablePrefixFromEnv } from '@spot-provisioner/model';
import { CLIENTS_USAGE, runClientsCommand } from './clients-command';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${CLIENTS_USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const repositories = createRepositories({
    region: process.env.AWS_REGION ?? 'us-east-1',
    prefix: tablePrefixFromEnv(process.env),
    keyring: keyringFromEnv(process.env),
  });
  try {
    return await runClientsCommand(argv, {
      clients: repositories.clients,
      now: () => new Date(),
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    repositories.documentClient.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
