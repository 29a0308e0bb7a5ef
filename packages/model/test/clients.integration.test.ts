import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CachedClientRepository,
  CLIENT_CACHE_TTL_MS,
  generateKey,
  isClientAlreadyExists,
  isClientNotFound,
  isDecryptionError,
  isInvalidRecord,
  keyringFromKeys,
  type ClientRepository,
} from '../src';
import { at, setUpTables, type TestTables, rejectionOf } from './support';

let tables: TestTables;
let clients: ClientRepository;

beforeAll(async () => {
  tables = await setUpTables('clients');
  clients = tables.repos({ pageSize: 2 }).clients;
});

const t0 = at('2026-11-22T08:00:00.000Z');
const t1 = at('2026-11-22T09:00:00.000Z');

describe('Clients repository', () => {
  it('creates a client with a fresh token that is stored only encrypted', async () => {
    const { client, accessToken } = await clients.create(
      { clientId: 'ops/alice', scopes: ['aws-provisioner:manage-worker-type:*'], description: 'ops' },
      t0,
    );
    expect(accessToken).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(client).toEqual({
      clientId: 'ops/alice',
      scopes: ['aws-provisioner:manage-worker-type:*'],
      description: 'ops',
      createdAt: t0.toISOString(),
      lastRotated: t0.toISOString(),
    });
    const raw = await tables
      .repos()
      .documentClient.send(new GetCommand({ TableName: `${tables.prefix}Clients`, Key: { clientId: 'ops/alice' } }));
    expect(JSON.stringify(raw.Item)).not.toContain(accessToken);
    expect(await clients.get('ops/alice', t0)).toEqual({ ...client, accessToken });
  });

  it('refuses a second client with the same id', async () => {
    await clients.create({ clientId: 'dup', scopes: [], description: '' }, t0);
    expect(isClientAlreadyExists(await rejectionOf(clients.create({ clientId: 'dup', scopes: ['x'], description: '' }, t0)))).toBe(true);
  });

  it('rejects invalid clients listing every reason', async () => {
    const error = await rejectionOf(
      clients.create({ clientId: 'has space', scopes: ['caf\u00e9'], description: 'x', expires: 'never' }, t0),
    );
    expect(isInvalidRecord(error) && error.reasons).toHaveLength(3);
  });

  it('treats an expired client as not found', async () => {
    await clients.create({ clientId: 'temp', scopes: [], description: '', expires: '2026-11-22T08:30:00.000Z' }, t0);
    expect((await clients.get('temp', t0))!.expires).toBe('2026-11-22T08:30:00.000Z');
    expect(await clients.get('temp', t1)).toBeNull();
  });

  it('rotates the access token: the old one stops working', async () => {
    const { accessToken: first } = await clients.create({ clientId: 'rotating', scopes: [], description: '' }, t0);
    const second = await clients.rotateAccessToken('rotating', t1);
    expect(second).not.toBe(first);
    const stored = await clients.get('rotating', t1);
    expect(stored).toMatchObject({ accessToken: second, lastRotated: t1.toISOString(), createdAt: t0.toISOString() });
    expect(isClientNotFound(await rejectionOf(clients.rotateAccessToken('nobody', t1)))).toBe(true);
  });

  it('lists every client across pages without tokens', async () => {
    const own = (await setUpTables('clientlist')).repos({ pageSize: 2 }).clients;
    const ids = ['ci/a', 'ci/b', 'ci/c', 'ci/d', 'ci/e'];
    for (const clientId of ids) await own.create({ clientId, scopes: [], description: clientId }, t0);
    const listed = await own.list();
    expect(listed.map((client) => client.clientId)).toEqual(ids);
    expect(listed.some((client) => 'accessToken' in client)).toBe(false);
  });

  it('deletes idempotently', async () => {
    await clients.create({ clientId: 'leaving', scopes: [], description: '' }, t0);
    expect(await clients.delete('leaving')).toBe(true);
    expect(await clients.delete('leaving')).toBe(false);
    expect(await clients.get('leaving', t0)).toBeNull();
  });

  it('decrypts tokens after key rotation and refuses under an unknown key', async () => {
    const oldKey = generateKey();
    const { accessToken } = await tables
      .repos({ keyring: keyringFromKeys(oldKey) })
      .clients.create({ clientId: 'rotated-key', scopes: [], description: '' }, t0);
    const rotated = tables.repos({ keyring: keyringFromKeys(generateKey(), [oldKey]) }).clients;
    expect((await rotated.get('rotated-key', t0))!.accessToken).toBe(accessToken);
    const unknown = tables.repos({ keyring: keyringFromKeys(generateKey()) }).clients;
    const error = await rejectionOf(unknown.get('rotated-key', t0));
    expect(isDecryptionError(error)).toBe(true);
    expect((error as Error).message).not.toContain(accessToken);
  });
});

describe('Clients looked up through the cache', () => {
  /** Counts the lookups that reach the table. */
  function counted(repository: ClientRepository) {
    let lookups = 0;
    const counting = Object.create(repository) as ClientRepository;
    counting.get = (clientId, now) => ((lookups += 1), repository.get(clientId, now));
    return { lookups: () => lookups, repository: counting };
  }

  it('serves a client from memory within its TTL, and from the table after it', async () => {
    const table = counted(tables.repos().clients);
    const cached = new CachedClientRepository(table.repository);
    const { accessToken } = await cached.create({ clientId: 'cache/reader', scopes: ['a:b'], description: '' }, t0);
    expect((await cached.get('cache/reader', t0))?.accessToken).toBe(accessToken);
    expect((await cached.get('cache/reader', new Date(t0.getTime() + CLIENT_CACHE_TTL_MS - 1)))?.accessToken).toBe(accessToken);
    expect(table.lookups()).toBe(1);
    await cached.get('cache/reader', new Date(t0.getTime() + CLIENT_CACHE_TTL_MS));
    expect(table.lookups()).toBe(2);
    // unknown ids always ask the table: a client created by another process works at once
    expect(await cached.get('cache/nobody', t0)).toBeNull();
    expect(await cached.get('cache/nobody', t0)).toBeNull();
    expect(table.lookups()).toBe(4);
  });

  it('forgets a client rotated or deleted through it at once; one changed by another process within the TTL', async () => {
    const cached = new CachedClientRepository(tables.repos().clients);
    const elsewhere = tables.repos().clients; // the clients CLI, in its own process
    await cached.create({ clientId: 'cache/rotated', scopes: ['a:b'], description: '' }, t0);
    await cached.get('cache/rotated', t0);
    const rotated = await cached.rotateAccessToken('cache/rotated', t0);
    expect((await cached.get('cache/rotated', t0))?.accessToken).toBe(rotated);
    await cached.delete('cache/rotated');
    expect(await cached.get('cache/rotated', t0)).toBeNull();

    const { accessToken } = await elsewhere.create({ clientId: 'cache/remote', scopes: ['a:b'], description: '' }, t0);
    expect((await cached.get('cache/remote', t0))?.accessToken).toBe(accessToken);
    await elsewhere.delete('cache/remote');
    expect((await cached.get('cache/remote', new Date(t0.getTime() + 1_000)))?.accessToken).toBe(accessToken);
    expect(await cached.get('cache/remote', new Date(t0.getTime() + CLIENT_CACHE_TTL_MS))).toBeNull();
  });

  it('still refuses a cached client once its own expiry passes', async () => {
    const cached = new CachedClientRepository(tables.repos().clients);
    await cached.create({ clientId: 'cache/expiring', scopes: [], description: '', expires: new Date(t0.getTime() + 500).toISOString() }, t0);
    expect(await cached.get('cache/expiring', t0)).not.toBeNull();
    expect(await cached.get('cache/expiring', new Date(t0.getTime() + 500))).toBeNull();
  });
});
