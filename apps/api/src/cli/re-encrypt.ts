/**
 * Key rotation that can finish: `corepack pnpm --filter @spot-provisioner/api re-encrypt`
 * rewrites every Secrets payload, client access token and worker-type definition's secrets
 * under SECRETS_KEY, reading with SECRETS_KEY or any key of SECRETS_KEY_PREVIOUS. Once it
 * reports every row under the current key, the previous keys can be retired.
 */
import { isDecryptionError, keyringFromEnv, resealTables, SEALED_TABLES, tablePrefixFromEnv, createDocumentClient, createDynamoClient } from '@spot-provisioner/model';
import { dynamoDbTarget } from './dynamodb-target';
import { runCommand } from './run-command';

export const RE_ENCRYPT_USAGE = `Usage: re-encrypt [--aws]
  Rewrites every sealed value (Secrets payloads, client access tokens, worker-type definitions'
  secrets) under SECRETS_KEY, reading older ones with SECRETS_KEY_PREVIOUS. Run it after
  moving the old key to SECRETS_KEY_PREVIOUS and setting a new SECRETS_KEY (API and daemon
  restarted with both); when it reports every row under the current key, drop
  SECRETS_KEY_PREVIOUS. Safe to run again, and while the API and daemon run.
Environment: SECRETS_KEY, SECRETS_KEY_PREVIOUS, TABLE_PREFIX, AWS_REGION (default us-east-1), AWS_ENDPOINT_URL_DYNAMODB
  Without AWS_ENDPOINT_URL_DYNAMODB (or AWS_ENDPOINT_URL) it refuses to run unless given --aws.
Exit codes: 0 every row under the current key, 1 rows left (changed while it ran: run it again) or failed, 2 usage.`;

async function main(): Promise<number> {
  const given = process.argv.slice(2);
  if (given.includes('--help') || given.includes('-h')) {
    process.stdout.write(`${RE_ENCRYPT_USAGE}\n`);
    return 0;
  }
  const target = dynamoDbTarget(given, process.env, 're-encrypt');
  if (target.kind === 'none') {
    process.stderr.write(`${target.problem}\n`);
    return 2;
  }
  if (target.argv.length > 0) {
    process.stderr.write(`re-encrypt: unexpected arguments: ${target.argv.join(' ')}\n${RE_ENCRYPT_USAGE}\n`);
    return 2;
  }
  const keyring = keyringFromEnv(process.env);
  const dynamo = createDynamoClient(process.env.AWS_REGION ?? 'us-east-1');
  try {
    const counts = await resealTables({ documentClient: createDocumentClient({ client: dynamo }), prefix: tablePrefixFromEnv(process.env), keyring });
    let left = 0;
    for (const table of SEALED_TABLES) {
      const { resealed, current, changed } = counts[table];
      left += changed;
      const moved = changed > 0 ? `, ${changed} changed while this ran` : '';
      process.stdout.write(`${table}: ${resealed} re-encrypted, ${current} already under the current key (${keyring.current.id})${moved}\n`);
    }
    if (left > 0) {
      process.stdout.write(`${left} rows changed while this ran; run re-encrypt again before retiring SECRETS_KEY_PREVIOUS.\n`);
      return 1;
    }
    process.stdout.write('Every row is under the current key: SECRETS_KEY_PREVIOUS can be retired.\n');
    return 0;
  } catch (error) {
    if (isDecryptionError(error)) {
      process.stderr.write(
        `re-encrypt: a row cannot be decrypted with SECRETS_KEY or SECRETS_KEY_PREVIOUS (${error.message}); keep every old key until it is found.\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    dynamo.destroy();
  }
}

runCommand(main);
