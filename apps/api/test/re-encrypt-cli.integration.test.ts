/** Key rotation that can finish, through the command's real entry point. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  createDocumentClient,
  createRepositories,
  createTables,
  generateKey,
  keyId,
  keyringFromKeys,
  WorkerTypeDefinitionSchema,
  type WorkerTypeDefinitionInput,
} from '@spot-provisioner/model';
import { TEST_REGION, uniqueTablePrefix, workerTypeSample } from '@spot-provisioner/testing';
import slugid from 'slugid';

const ENTRY = path.join(__dirname, '..', 'src', 'cli', 're-encrypt.ts');
const REPO_ROOT = path.join(__dirname, '..', '..', '..');

function reEncrypt(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the re-encrypt command', () => {
  const oldKey = generateKey();
  const newKey = generateKey();
  const prefix = uniqueTablePrefix('reenc');
  const dynamo = new DynamoDBClient({ region: TEST_REGION });
  const documentClient = createDocumentClient({ client: dynamo });
  const now = new Date();
  const expiration = new Date(now.getTime() + 3_600_000).toISOString();
  afterAll(() => dynamo.destroy());

  it('rewrites every Secrets, Clients and WorkerTypes row under the current key, so the previous key can be retired', async () => {
    await createTables({ client: dynamo, prefix });
    const before = createRepositories({ documentClient, prefix, keyring: keyringFromKeys(oldKey) });
    const definition = { ...workerTypeSample<WorkerTypeDefinitionInput>('ci-linux-large'), secrets: { password: 'definition-s3cr3t' } };
    await before.workerTypes.create('sealed-old', definition, now);
    await documentClient.send(
      new PutCommand({
        TableName: before.tableNames.WorkerTypes,
        Item: { workerType: 'plaintext', definition: WorkerTypeDefinitionSchema.parse(definition), lastModified: now.toISOString(), version: 2 },
      }),
    );
    const token = slugid.v4();
    await before.secrets.create({ workerType: 'sealed-old', secrets: { worker: 'payload-s3cr3t' }, scopes: [], token, expiration }, now);
    const taken = slugid.v4();
    await before.secrets.create({ workerType: 'sealed-old', secrets: { worker: 'gone' }, scopes: [], token: taken, expiration }, now);
    await before.secrets.take(taken, now);
    const { accessToken } = await before.clients.create({ clientId: 'ops/rotating', scopes: ['a:b'], description: '' }, now);

    const env = { TABLE_PREFIX: prefix, SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: `${generateKey()}, ${oldKey}` };
    const first = await reEncrypt(env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const current = keyId(Buffer.from(newKey, 'base64'));
    expect(first.stdout).toBe(
      `Secrets: 1 re-encrypted, 0 already under the current key (${current})\n` +
        `Clients: 1 re-encrypted, 0 already under the current key (${current})\n` +
        `WorkerTypes: 2 re-encrypted, 0 already under the current key (${current})\n` +
        'Every row is under the current key: SECRETS_KEY_PREVIOUS can be retired.\n',
    );

    // the old key retired: everything still reads
    const after = createRepositories({ documentClient, prefix, keyring: keyringFromKeys(newKey) });
    expect((await after.workerTypes.get('sealed-old'))?.definition.secrets).toEqual({ password: 'definition-s3cr3t' });
    expect((await after.workerTypes.get('plaintext'))?.version).toBe(2);
    expect((await after.secrets.get(token, now))?.secrets).toEqual({ worker: 'payload-s3cr3t' });
    expect((await after.clients.get('ops/rotating', now))?.accessToken).toBe(accessToken);
    const dump = JSON.stringify(
      await Promise.all(
        (['WorkerTypes', 'Secrets', 'Clients'] as const).map(async (table) => (await documentClient.send(new ScanCommand({ TableName: after.tableNames[table] }))).Items),
      ),
    );
    expect(dump).not.toMatch(/s3cr3t/);
    expect(dump).not.toContain(keyId(Buffer.from(oldKey, 'base64')));

    const again = await reEncrypt(env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`WorkerTypes: 0 re-encrypted, 2 already under the current key (${current})`);
  });

  it('refuses to run without a DynamoDB endpoint unless told --aws, and fails clearly on a row no key opens', async () => {
    const noTarget = await reEncrypt({ AWS_ENDPOINT_URL_DYNAMODB: '', AWS_ENDPOINT_URL: '', SECRETS_KEY: newKey });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/^re-encrypt: no DynamoDB target/);

    const lost = await reEncrypt({ TABLE_PREFIX: prefix, SECRETS_KEY: generateKey() });
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/cannot be decrypted with SECRETS_KEY or SECRETS_KEY_PREVIOUS.*keep every old key/);
    expect(lost.stderr).not.toMatch(/s3cr3t/);
  });
});
