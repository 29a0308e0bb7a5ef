/**
 * Operator CLI for API clients: `corepack pnpm --filter @spot-provisioner/api clients <command>`.
 * Prints a new access token once on create/rotate; it is never logged.
 */
import { createRepositories, keyringFromEnv, tablePrefixFromEnv } from '@spot-provisioner/model';
import { CLIENTS_USAGE, runClientsCommand } from './clients-command';
import { dynamoDbTarget } from './dynamodb-target';
import { runCommand } from './run-command';

async function main(): Promise<number> {
  const given = process.argv.slice(2);
  if (given.length === 0 || given.includes('--help') || given.includes('-h')) {
    (given.length === 0 ? process.stderr : process.stdout).write(`${CLIENTS_USAGE}\n`);
    return given.length === 0 ? 2 : 0;
  }
  const target = dynamoDbTarget(given, process.env);
  if (target.kind === 'none') {
    process.stderr.write(`${target.problem}\n`);
    return 2;
  }
  const { argv } = target;
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

runCommand(main);
