import { parseArgs } from 'node:util';
import { isClientAlreadyExists, isClientNotFound, type ClientRepository } from '@spot-provisioner/model';

export const CLIENTS_USAGE = `Usage: clients <command>
  create <clientId> --scope <scope> [--scope <scope> ...] [--description <text>] [--expires <ISO date>]
         prints the new access token once
  list   lists clients and their scopes (never tokens)
  rotate <clientId>   replaces the access token and prints the new one once
  delete <clientId>
Environment: TABLE_PREFIX, SECRETS_KEY, AWS_REGION (default us-east-1), AWS_ENDPOINT_URL_DYNAMODB
  Without AWS_ENDPOINT_URL_DYNAMODB (or AWS_ENDPOINT_URL) it refuses to run unless given --aws:
  the acknowledgement that it acts on the tables in real AWS. Local stack: source .local/env`;

export interface ClientsCommandIo {
  readonly clients: ClientRepository;
  readonly now: () => Date;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Runs one operator command; returns the process exit code. */
export async function runClientsCommand(argv: readonly string[], io: ClientsCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      scope: { type: 'string', multiple: true },
      description: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, clientId, ...extra] = positionals;
  if (values.help || !command) return usage(io, values.help ? 0 : 2);
  if (extra.length > 0) return usage(io, 2, `unexpected arguments: ${extra.join(' ')}`);

  try {
    switch (command) {
      case 'create': {
        if (!clientId) return usage(io, 2, 'create needs a clientId');
        const { client, accessToken } = await io.clients.create(
          {
            clientId,
            scopes: values.scope ?? [],
            description: values.description ?? '',
            ...(values.expires ? { expires: values.expires } : {}),
          },
          io.now(),
        );
        io.out(`clientId: ${client.clientId}\naccessToken: ${accessToken}\nscopes: ${client.scopes.join(' ') || '(none)'}\n`);
        io.out('Store the access token now: it is not shown again.\n');
        return 0;
      }
      case 'list': {
        const clients = (await io.clients.list()).sort((a, b) => a.clientId.localeCompare(b.clientId));
        for (const client of clients) {
          const expires = client.expires ? ` expires=${client.expires}` : '';
          io.out(`${client.clientId}\tscopes=${client.scopes.join(',') || '-'}\tcreated=${client.createdAt}\trotated=${client.lastRotated}${expires}\t${client.description}\n`);
        }
        if (clients.length === 0) io.out('(no clients)\n');
        return 0;
      }
      case 'rotate': {
        if (!clientId) return usage(io, 2, 'rotate needs a clientId');
        const accessToken = await io.clients.rotateAccessToken(clientId, io.now());
        io.out(`clientId: ${clientId}\naccessToken: ${accessToken}\nThe old token no longer works. Store this one now: it is not shown again.\n`);
        return 0;
      }
      case 'delete': {
        if (!clientId) return usage(io, 2, 'delete needs a clientId');
        const deleted = await io.clients.delete(clientId);
        io.out(deleted ? `deleted ${clientId}\n` : `${clientId} did not exist\n`);
        return 0;
      }
      default:
        return usage(io, 2, `unknown command: ${command}`);
    }
  } catch (error) {
    if (isClientAlreadyExists(error) || isClientNotFound(error)) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function usage(io: ClientsCommandIo, code: number, problem?: string): number {
  if (problem) io.err(`${problem}\n`);
  (code === 0 ? io.out : io.err)(`${CLIENTS_USAGE}\n`);
  return code;
}
