import { CLIENT_ID_PATTERN } from '@spot-provisioner/model';
import { AuthenticationError } from './errors';

/** Where API clients come from: the root client of the configuration, then the Clients table. */
export interface ApiCredentialsRecord {
  readonly clientId: string;
  readonly accessToken: string;
  readonly scopes: readonly string[];
  /** ISO date-time after which the client is refused. */
  readonly expires?: string | undefined;
}

export interface ClientLookup {
  findClient(clientId: string): Promise<ApiCredentialsRecord | undefined>;
}

export interface RootClient {
  readonly clientId: string;
  readonly accessToken: string;
}

/**
 * The root client holds `*`; every other client is looked up in `stored`, once its id has
 * the shape of a clientId: a malformed or oversized id (DynamoDB refuses keys over 2 KB)
 * is an authentication failure that never reaches the table.
 */
export function clientLookup(root: RootClient, stored: ClientLookup): ClientLookup {
  return {
    async findClient(clientId) {
      if (clientId === root.clientId) return { clientId, accessToken: root.accessToken, scopes: ['*'] };
      if (!CLIENT_ID_PATTERN.test(clientId)) {
        throw new AuthenticationError('malformed clientId: 1 to 128 characters of A-Z, a-z, 0-9 and !@/:.+|_-');
      }
      return stored.findClient(clientId);
    },
  };
}
