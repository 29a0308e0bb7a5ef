import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  generateKey,
  isDecryptionError,
  isInvalidRecord,
  isSecretAlreadyExists,
  isSecretNotFound,
  keyringFromKeys,
  type CreateSecretRequest,
  type SecretRepository,
} from '../src';
import { at, contractRepositories, IMPLEMENTATIONS, MINUTE_MS, plus, setUpTables, slugid, T0, type TestTables, rejectionOf } from './support';

let tables: TestTables;
const tableName = (): string => `${tables.prefix}Secrets`;

const now = T0;
const beforeExpiry = plus(T0, 40 * MINUTE_MS - 1);
const expiration = plus(T0, 40 * MINUTE_MS).toISOString();

function request(overrides: Partial<CreateSecretRequest> = {}): CreateSecretRequest {
  return {
    workerType: 'ci-linux-large',
    secrets: { docker: { password: 'p4ss' }, empty: {}, list: [] },
    scopes: ['queue:claim-work:aws-provisioner-v1/ci-linux-large'],
    token: slugid(),
    expiration,
    ...overrides,
  };
}

describe.each(IMPLEMENTATIONS)('Secrets repository (%s)', (implementation) => {
  let secrets: SecretRepository;

  beforeAll(async () => {
    secrets = (await contractRepositories(implementation, 'secrets')).secrets;
  });

  it('stores a secret and reads it back until it expires', async () => {
    const input = request();
    const created = await secrets.create(input, now);
    expect(created).toEqual({ ...input, createdAt: now.toISOString() });
    expect(await secrets.get(input.token, beforeExpiry)).toEqual(created);
  });

  it('refuses to overwrite an existing token', async () => {
    const input = request();
    await secrets.create(input, now);
    expect(isSecretAlreadyExists(await rejectionOf(secrets.create({ ...input, scopes: [] }, now)))).toBe(true);
    expect((await secrets.get(input.token, now))!.scopes).toEqual(input.scopes);
  });

  it('rejects an invalid request listing every reason', async () => {
    const error = await rejectionOf(secrets.create(request({ token: 'not-a-slugid', expiration: 'soon' }), now));
    expect(isInvalidRecord(error)).toBe(true);
    expect((error as { reasons: string[] }).reasons).toHaveLength(2);
  });

  it('treats an expired secret as not found on every read', async () => {
    const input = request();
    await secrets.create(input, now);
    const expired = at(expiration);
    expect(await secrets.get(input.token, expired)).toBeNull();
    expect(await secrets.take(input.token, expired)).toBeNull();
  });

  it('lets a new secret replace an expired one still in the table', async () => {
    const input = request({ expiration: plus(T0, MINUTE_MS).toISOString() });
    await secrets.create(input, now);
    const later = plus(T0, 2 * MINUTE_MS);
    await secrets.create({ ...input, expiration: plus(T0, 60 * MINUTE_MS).toISOString(), scopes: [] }, later);
    expect((await secrets.get(input.token, later))!.scopes).toEqual([]);
  });

  it('takes a secret once: the second take finds nothing', async () => {
    const input = request();
    await secrets.create(input, now);
    expect((await secrets.take(input.token, now))!.secrets).toEqual(input.secrets);
    expect(await secrets.take(input.token, now)).toBeNull();
    expect(await secrets.get(input.token, now)).toBeNull();
  });

  it('gives the secret to exactly one of several concurrent takers', async () => {
    const input = request();
    await secrets.create(input, now);
    const results = await Promise.all(Array.from({ length: 5 }, () => secrets.take(input.token, now)));
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });

  it('removes idempotently', async () => {
    const input = request();
    await secrets.create(input, now);
    expect(await secrets.remove(input.token)).toBe(true);
    expect(await secrets.remove(input.token)).toBe(false);
    expect(await secrets.get(input.token, now)).toBeNull();
  });

  it('records when an instance checked in with its token', async () => {
    const input = request();
    await secrets.create(input, now);
    const checkIn = plus(T0, 3 * MINUTE_MS);
    const reported = await secrets.recordInstanceStarted(input.token, 'i-0123456789abcdef0', checkIn);
    expect(reported).toEqual({ workerType: input.workerType, instanceId: 'i-0123456789abcdef0', at: checkIn.toISOString() });
    expect((await secrets.get(input.token, checkIn))!.instanceStarted).toEqual({
      instanceId: 'i-0123456789abcdef0',
      at: checkIn.toISOString(),
    });
  });

  it('accepts the check-in of a worker that already took its secret (getSecret, instanceStarted, removeSecret)', async () => {
    const input = request();
    await secrets.create(input, now);
    expect(await secrets.take(input.token, now)).not.toBeNull();
    const reported = await secrets.recordInstanceStarted(input.token, 'i-0123abcd', now);
    expect(reported.instanceId).toBe('i-0123abcd');
    expect(await secrets.remove(input.token)).toBe(true);
    expect(isSecretNotFound(await rejectionOf(secrets.recordInstanceStarted(input.token, 'i-0123abcd', now)))).toBe(true);
  });

  it('refuses a check-in with an unknown or expired token', async () => {
    expect(isSecretNotFound(await rejectionOf(secrets.recordInstanceStarted(slugid(), 'i-0123abcd', now)))).toBe(true);
    const input = request();
    await secrets.create(input, now);
    const late = plus(T0, 41 * MINUTE_MS);
    expect(isSecretNotFound(await rejectionOf(secrets.recordInstanceStarted(input.token, 'i-0123abcd', late)))).toBe(true);
    expect(isInvalidRecord(await rejectionOf(secrets.recordInstanceStarted(input.token, 'not-an-instance', now)))).toBe(true);
  });
});

describe('Secrets storage in DynamoDB', () => {
  let secrets: SecretRepository;

  beforeAll(async () => {
    tables = await setUpTables('secrets');
    secrets = tables.repos().secrets;
  });

  it('stores the payload encrypted and reads it back decrypted', async () => {
    const input = request();
    const created = await secrets.create(input, now);
    expect(created).toEqual({ ...input, createdAt: now.toISOString() });
    const raw = await tables.repos().documentClient.send(new GetCommand({ TableName: tableName(), Key: { token: input.token } }));
    expect(JSON.stringify(raw.Item)).not.toContain('p4ss');
    expect(raw.Item!.ttl).toBe(Date.parse(expiration) / 1000);
    expect(await secrets.get(input.token, beforeExpiry)).toEqual(created);
  });

  it('drops the payload from the table once taken, and refuses to reuse the token', async () => {
    const input = request();
    await secrets.create(input, now);
    await secrets.take(input.token, now);
    const raw = await tables.repos().documentClient.send(new GetCommand({ TableName: tableName(), Key: { token: input.token } }));
    expect(raw.Item).toMatchObject({ token: input.token, takenAt: now.toISOString() });
    expect(raw.Item).not.toHaveProperty('secrets');
    expect(isSecretAlreadyExists(await rejectionOf(secrets.create(input, now)))).toBe(true);
  });

  it('still decrypts secrets sealed under a key that has since rotated', async () => {
    const oldKey = generateKey();
    const input = request();
    await tables.repos({ keyring: keyringFromKeys(oldKey) }).secrets.create(input, now);
    const rotated = tables.repos({ keyring: keyringFromKeys(generateKey(), [oldKey]) }).secrets;
    expect((await rotated.get(input.token, now))!.secrets).toEqual(input.secrets);
    const forgotten = tables.repos({ keyring: keyringFromKeys(generateKey()) }).secrets;
    expect(isDecryptionError(await rejectionOf(forgotten.get(input.token, now)))).toBe(true);
  });

  it('rejects tampered ciphertext instead of returning garbage', async () => {
    const input = request();
    await secrets.create(input, now);
    const client = tables.repos().documentClient;
    const { Item } = await client.send(new GetCommand({ TableName: tableName(), Key: { token: input.token } }));
    const sealed = Item!.secrets as { ct: string };
    const bytes = Buffer.from(sealed.ct, 'base64');
    bytes[3] = bytes[3]! ^ 0xff;
    await client.send(
      new PutCommand({ TableName: tableName(), Item: { ...Item, secrets: { ...sealed, ct: bytes.toString('base64') } } }),
    );
    const error = await rejectionOf(secrets.get(input.token, now));
    expect(isDecryptionError(error)).toBe(true);
    expect((error as Error).message).not.toContain(input.token);
  });

  it('rejects a ciphertext copied from another token', async () => {
    const [a, b] = [request(), request()];
    await secrets.create(a, now);
    await secrets.create(b, now);
    const client = tables.repos().documentClient;
    const { Item: itemA } = await client.send(new GetCommand({ TableName: tableName(), Key: { token: a.token } }));
    const { Item: itemB } = await client.send(new GetCommand({ TableName: tableName(), Key: { token: b.token } }));
    await client.send(new PutCommand({ TableName: tableName(), Item: { ...itemB, secrets: itemA!.secrets } }));
    expect(isDecryptionError(await rejectionOf(secrets.get(b.token, now)))).toBe(true);
  });
});
