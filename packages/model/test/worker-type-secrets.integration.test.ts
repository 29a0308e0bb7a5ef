/**
 * The `secrets` of a worker-type definition (top level, regions, instance types, zones) are
 * encrypted at rest like Secrets rows: readable through the repository as written, never in
 * the table's plaintext; rows stored before encryption are read and rewritten sealed.
 */
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  generateKey,
  isCorruptRecord,
  isDecryptionError,
  keyId,
  keyringFromKeys,
  WorkerTypeDefinitionSchema,
  type WorkerTypeDefinitionInput,
  type WorkerTypeRepository,
} from '../src';
import { at, contractRepositories, fixture, IMPLEMENTATIONS, rejectionOf, setUpTables, type TestTables } from './support';

const t0 = at('2026-11-22T08:00:00.000Z');
const t1 = at('2026-11-22T08:05:00.000Z');

/** A definition with a secret at every level that holds one; each value is findable in a table dump. */
function withSecrets(tag: string): WorkerTypeDefinitionInput {
  const definition = fixture('ci-linux-large');
  definition.secrets = { registry: { password: `top-${tag}-s3cr3t` }, n: 42 };
  definition.instanceTypes[0]!.secrets = { gpuLicence: `it-${tag}-s3cr3t` };
  definition.regions[1]!.secrets = { regionToken: `region-${tag}-s3cr3t` };
  definition.availabilityZones![0]!.secrets = { zoneToken: `zone-${tag}-s3cr3t` };
  return definition;
}

describe.each(IMPLEMENTATIONS)('definition secrets through the WorkerTypes repository (%s)', (implementation) => {
  let workerTypes: WorkerTypeRepository;
  beforeAll(async () => {
    workerTypes = (await contractRepositories(implementation, 'wtsecrets')).workerTypes;
  });

  it('reads back the secrets of every level exactly as written, through create, get, list and update', async () => {
    const written = WorkerTypeDefinitionSchema.parse(withSecrets('a'));
    const { record } = await workerTypes.create('sealed', withSecrets('a'), t0);
    expect(record.definition).toEqual(written);
    expect((await workerTypes.get('sealed'))!.definition).toEqual(written);
    expect((await workerTypes.list()).find((r) => r.workerType === 'sealed')!.definition).toEqual(written);
    // the same definition again is still the same (idempotent create compares the secrets too)
    expect((await workerTypes.create('sealed', withSecrets('a'), t1)).created).toBe(false);

    const changed = withSecrets('b');
    delete changed.availabilityZones![0]!.secrets;
    const updated = await workerTypes.update('sealed', changed, t1);
    expect(updated.definition).toEqual(WorkerTypeDefinitionSchema.parse(changed));
    expect((await workerTypes.get('sealed'))!.definition).toEqual(updated.definition);
    expect((await workerTypes.get('sealed'))!.definition.availabilityZones[0]).not.toHaveProperty('secrets');
  });
});

describe('definition secrets at rest (DynamoDB)', () => {
  let tables: TestTables;
  const key = generateKey();
  const tableName = () => `${tables.prefix}WorkerTypes`;
  const documentClient = () => tables.repos().documentClient;
  beforeAll(async () => {
    tables = await setUpTables('wtsealed');
  });

  const rawItem = async (workerType: string) =>
    (await documentClient().send(new GetCommand({ TableName: tableName(), Key: { workerType } }))).Item as Record<string, unknown>;

  it('keeps every secret value out of the table: a scan shows only an envelope under the current key', async () => {
    const { workerTypes } = tables.repos({ keyring: keyringFromKeys(key) });
    await workerTypes.create('scanned', withSecrets('c'), t0);
    const dump = JSON.stringify((await documentClient().send(new ScanCommand({ TableName: tableName() }))).Items);
    expect(dump).not.toMatch(/s3cr3t/);
    const item = await rawItem('scanned');
    expect(item.sealedSecrets).toMatchObject({ v: 1, kid: keyId(Buffer.from(key, 'base64')) });
    expect(JSON.stringify(item.definition)).not.toContain('"secrets"');
  });

  it('binds the envelope to its row: copied onto another worker type, it fails like tampering', async () => {
    const { workerTypes } = tables.repos({ keyring: keyringFromKeys(key) });
    await workerTypes.create('victim', withSecrets('d'), t0);
    await workerTypes.create('thief', withSecrets('e'), t0);
    const thief = await rawItem('thief');
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...thief, sealedSecrets: (await rawItem('victim')).sealedSecrets } }));
    const error = await rejectionOf(workerTypes.get('thief'));
    expect(isDecryptionError(error)).toBe(true);
    expect(String(error)).not.toMatch(/s3cr3t/);
    await workerTypes.delete('thief'); // a corrupt row fails every listing; later tests list
  });

  it('refuses to read with a keyring that lacks the key, and reads with the key kept as a previous one', async () => {
    await tables.repos({ keyring: keyringFromKeys(key) }).workerTypes.create('rotated', withSecrets('f'), t0);
    expect(isDecryptionError(await rejectionOf(tables.repos({ keyring: keyringFromKeys(generateKey()) }).workerTypes.get('rotated')))).toBe(true);
    const rotated = tables.repos({ keyring: keyringFromKeys(generateKey(), [key]) }).workerTypes;
    expect((await rotated.get('rotated'))!.definition.secrets).toEqual(withSecrets('f').secrets);
  });

  it('reads a row stored before encryption, then rewrites it sealed, keeping its version and lastModified', async () => {
    const plaintext = { workerType: 'legacy', definition: WorkerTypeDefinitionSchema.parse(withSecrets('g')), lastModified: t0.toISOString(), version: 3 };
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: plaintext }));
    const { workerTypes } = tables.repos({ keyring: keyringFromKeys(key) });

    expect(await workerTypes.get('legacy')).toEqual(plaintext);
    const item = await rawItem('legacy');
    expect(JSON.stringify(item)).not.toMatch(/s3cr3t/);
    expect(item).toMatchObject({ version: 3, lastModified: t0.toISOString(), sealedSecrets: { v: 1 } });
    expect(await workerTypes.get('legacy')).toEqual(plaintext);
    expect((await workerTypes.list()).find((r) => r.workerType === 'legacy')).toEqual(plaintext);
  });

  it('reports a row whose envelope is not one as corrupt, without quoting it', async () => {
    const { workerTypes } = tables.repos({ keyring: keyringFromKeys(key) });
    await workerTypes.create('broken', withSecrets('h'), t0);
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...(await rawItem('broken')), sealedSecrets: { v: 1, kid: 'x' } } }));
    const error = await rejectionOf(workerTypes.get('broken'));
    expect(isDecryptionError(error) || isCorruptRecord(error)).toBe(true);
  });
});
