/**
 * Client lookups for request authentication, cached: a consistent GetItem and a decryption per
 * request would make a stored client several times slower than the root client. A change made
 * through this repository (rotate, delete, create) applies to its cache at once; a change made
 * by another process (the clients CLI) reaches this one when its entry expires, within
 * CLIENT_CACHE_TTL_MS, as Taskcluster services also cache their clients for a while.
 */
import type { ApiClientWithToken } from '../schemas/client';
import type { ClientRepository } from './clients';

/** How long a looked-up client is trusted: the longest a client rotated or deleted elsewhere still authenticates here. */
export const CLIENT_CACHE_TTL_MS = 10_000;
/** Entries kept at most: enough for every real client, bounded against a flood of distinct valid ids. */
export const MAX_CACHED_CLIENTS = 1_000;

interface Entry {
  readonly client: ApiClientWithToken;
  /** Epoch ms (the callers' clock) after which it is looked up again. */
  readonly freshUntil: number;
}

export class CachedClientRepository implements ClientRepository {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly stored: ClientRepository,
    private readonly ttlMs = CLIENT_CACHE_TTL_MS,
  ) {}

  async get(clientId: string, now: Date): Promise<ApiClientWithToken | null> {
    const entry = this.entries.get(clientId);
    if (entry && now.getTime() < entry.freshUntil) {
      // expiry is the client's own, checked on every use
      if (entry.client.expires !== undefined && Date.parse(entry.client.expires) <= now.getTime()) return null;
      return entry.client;
    }
    this.entries.delete(clientId);
    // unknown ids are not remembered: a client created elsewhere works at once
    const client = await this.stored.get(clientId, now);
    if (client) {
      if (this.entries.size >= MAX_CACHED_CLIENTS) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(clientId, { client, freshUntil: now.getTime() + this.ttlMs });
    }
    return client;
  }

  async create(...args: Parameters<ClientRepository['create']>): ReturnType<ClientRepository['create']> {
    this.entries.delete(args[0].clientId);
    return this.stored.create(...args);
  }

  async list(): ReturnType<ClientRepository['list']> {
    return this.stored.list();
  }

  async delete(clientId: string): Promise<boolean> {
    this.entries.delete(clientId);
    return this.stored.delete(clientId);
  }

  async rotateAccessToken(clientId: string, now: Date): Promise<string> {
    this.entries.delete(clientId);
    try {
      return await this.stored.rotateAccessToken(clientId, now);
    } finally {
      // a lookup that raced the rotation may have cached the old token
      this.entries.delete(clientId);
    }
  }
}
