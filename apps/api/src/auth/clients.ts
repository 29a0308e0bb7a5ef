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

/** The root client holds `*`; every other client is looked up in `stored`. */
export function clientLookup(root: RootClient, stored: ClientLookup): ClientLookup {
  return {
    async findClient(clientId) {
      if (clientId === root.clientId) return { clientId, accessToken: root.accessToken, scopes: ['*'] };
      return stored.findClient(clientId);
    },
  };
}
