import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createRepositories, createTables, devKeyring, type ClientRepository } from '@spot-provisioner/model';
import { TEST_REGION, uniqueTablePrefix } from '@spot-provisioner/testing';
import { runClientsCommand } from '../src/cli/clients-command';

describe('the clients CLI', () => {
  let dynamo: DynamoDBClient;
  let clients: ClientRepository;
  beforeAll(async () => {
    dynamo = new DynamoDBClient({ region: TEST_REGION });
    const prefix = uniqueTablePrefix('apicli');
    await createTables({ client: dynamo, prefix });
    clients = createRepositories({ documentClient: createDocumentClient({ client: dynamo }), prefix, keyring: devKeyring() }).clients;
  });
  afterAll(() => dynamo.destroy());

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runClientsCommand(argv, {
      clients,
      now: () => new Date('2026-11-22T09:00:00.000Z'),
      out: (text) => (out += text),
      err: (text) => (err += text),
    });
    return { code, out, err };
  }

  it('creates a client with scopes and prints its access token once', async () => {
    const created = await run('create', 'ci/deployer', '--scope', 'aws-provisioner:manage-worker-type:ci-*', '--scope', 'aws-provisioner:create-secret:*', '--description', 'CI');
    expect(created.code).toBe(0);
    const token = /accessToken: (\S+)/.exec(created.out)?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    const stored = await clients.get('ci/deployer', new Date('2026-11-22T09:00:00.000Z'));
    expect(stored).toMatchObject({ accessToken: token, scopes: ['aws-provisioner:manage-worker-type:ci-*', 'aws-provisioner:create-secret:*'] });

    const listed = await run('list');
    expect(listed.out).toContain('ci/deployer\tscopes=aws-provisioner:manage-worker-type:ci-*,aws-provisioner:create-secret:*');
    expect(listed.out).not.toContain(token);

    expect((await run('create', 'ci/deployer')).code).toBe(1);
  });

  it('rotates a token so only the new one is stored, and deletes a client', async () => {
    await run('create', 'ci/rotating', '--scope', 'a:b');
    const rotated = await run('rotate', 'ci/rotating');
    const token = /accessToken: (\S+)/.exec(rotated.out)?.[1];
    expect((await clients.get('ci/rotating', new Date('2026-11-22T09:00:00.000Z')))?.accessToken).toBe(token);
    expect(await run('delete', 'ci/rotating')).toMatchObject({ code: 0, out: 'deleted ci/rotating\n' });
    expect(await clients.get('ci/rotating', new Date('2026-11-22T09:00:00.000Z'))).toBeNull();
    expect((await run('rotate', 'ci/rotating')).code).toBe(1);
  });

  it('explains its usage for an unknown command', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown command: frobnicate[\s\S]*Usage: clients/);
  });
});
