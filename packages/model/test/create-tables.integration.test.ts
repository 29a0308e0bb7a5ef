import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TEST_REGION, uniqueTablePrefix } from '@spot-provisioner/testing';
import { DEFAULT_TABLE_PREFIX, createTables, deleteTables, tableDefinitions, tableNames, tablePrefixFromEnv } from '../src';

const client = new DynamoDBClient({ region: TEST_REGION });

describe('table definitions', () => {
  it('name ten tables after the prefix, keyed by strings', () => {
    const definitions = tableDefinitions('Test');
    expect(definitions.map((table) => table.tableName)).toEqual([
      'TestWorkerTypes',
      'TestSecrets',
      'TestWorkerState',
      'TestLaunches',
      'TestProvisioner',
      'TestClients',
      'TestDecisions',
      'TestCapacityHistory',
      'TestMarkets',
      'TestPoolRisk',
    ]);
    expect(definitions.find((table) => table.logicalName === 'CapacityHistory')).toMatchObject({
      keySchema: [
        { AttributeName: 'workerType', KeyType: 'HASH' },
        { AttributeName: 'time', KeyType: 'RANGE' },
      ],
      ttlAttribute: 'ttl',
    });
    expect(definitions.find((table) => table.logicalName === 'Launches')).toEqual({
      logicalName: 'Launches',
      tableName: 'TestLaunches',
      keySchema: [
        { AttributeName: 'workerType', KeyType: 'HASH' },
        { AttributeName: 'launchId', KeyType: 'RANGE' },
      ],
      attributeDefinitions: [
        { AttributeName: 'workerType', AttributeType: 'S' },
        { AttributeName: 'launchId', AttributeType: 'S' },
      ],
      ttlAttribute: 'ttl',
    });
    expect(tableNames('Test').Secrets).toBe('TestSecrets');
  });

  it('default the prefix to Provisioner', () => {
    expect(DEFAULT_TABLE_PREFIX).toBe('Provisioner');
    expect(tablePrefixFromEnv({})).toBe('Provisioner');
    expect(tablePrefixFromEnv({ TABLE_PREFIX: ' Staging ' })).toBe('Staging');
  });
});

describe('createTables', () => {
  it('creates every table active with on-demand billing and TTL, and succeeds again when they exist', async () => {
    const prefix = uniqueTablePrefix('create');
    const first = await createTables({ client, prefix });
    expect(first.every((table) => table.created)).toBe(true);
    for (const table of tableDefinitions(prefix)) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.KeySchema).toEqual(table.keySchema);
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
      const expected = table.ttlAttribute ? 'ENABLED' : 'DISABLED';
      expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe(expected);
      if (table.ttlAttribute) expect(ttl.TimeToLiveDescription?.AttributeName).toBe(table.ttlAttribute);
    }
    const second = await createTables({ client, prefix });
    expect(second.map((table) => table.created)).toEqual(first.map(() => false));
    await deleteTables({ client, prefix });
    await expect(client.send(new DescribeTableCommand({ TableName: `${prefix}Secrets` }))).rejects.toThrow();
    await deleteTables({ client, prefix }); // absent tables are fine
  });
});
