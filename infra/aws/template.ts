/**
 * The CloudFormation template for real AWS, generated from packages/model's table definitions
 * so the tables are described in one place. `pnpm infra:template` writes it to
 * infra/aws/spot-provisioner.template.json; a test fails when the committed file drifts.
 *
 * It creates the tables (on-demand billing, point-in-time recovery, TTL on expiring tables,
 * encryption at rest) and two least-privilege managed policies, one for the API and one for the
 * daemon, for operators to attach to the roles those processes run as, and one for operators
 * who manage API clients.
 */
import { DEFAULT_PROVISIONER_ID } from '@spot-provisioner/config';
import { DEFAULT_TABLE_PREFIX, tableDefinitions, type LogicalTableName, type TableDefinition } from '@spot-provisioner/model';
import { daemonInterruptionStatements, interruptionOutputs, interruptionResources } from './interruption-queue';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Table names in the template come from this parameter, like TABLE_PREFIX at run time. */
const PREFIX_PLACEHOLDER = '__PREFIX__';

const tableResourceId = (logical: LogicalTableName) => `${logical}Table`;

function tableResource(table: TableDefinition): Json {
  return {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      TableName: { 'Fn::Sub': table.tableName.replace(PREFIX_PLACEHOLDER, '${TablePrefix}') },
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: table.keySchema.map((k) => ({ AttributeName: k.AttributeName ?? '', KeyType: k.KeyType ?? '' })),
      AttributeDefinitions: table.attributeDefinitions.map((a) => ({
        AttributeName: a.AttributeName ?? '',
        AttributeType: a.AttributeType ?? '',
      })),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      ...(table.ttlAttribute
        ? { TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }
        : {}),
    },
  };
}

/** What each process does to each table, from the repositories each one calls: nothing more is granted. */
const API_TABLE_ACCESS: Partial<Record<LogicalTableName, string[]>> = {
  // UpdateItem: a row stored before definition secrets were sealed is sealed when read
  WorkerTypes: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Scan'],
  Secrets: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
  WorkerState: ['GetItem', 'Scan'],
  Provisioner: ['GetItem'],
  // verifying requests only; managing clients is the operator's (ClientsAdminPolicy)
  Clients: ['GetItem'],
  // decision, history and plan-preview reads
  Decisions: ['GetItem'],
  CapacityHistory: ['Query'],
  Markets: ['Scan'],
};

const DAEMON_TABLE_ACCESS: Partial<Record<LogicalTableName, string[]>> = {
  WorkerTypes: ['Scan'],
  Secrets: ['PutItem', 'DeleteItem'],
  WorkerState: ['PutItem', 'DeleteItem', 'Scan'],
  Launches: ['PutItem', 'UpdateItem', 'DeleteItem', 'Scan'],
  Provisioner: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
  Decisions: ['PutItem', 'DeleteItem'],
  CapacityHistory: ['BatchWriteItem'],
  Markets: ['PutItem'],
  PoolRisk: ['GetItem', 'PutItem', 'Scan'],
};

/** The re-encrypt command (`pnpm --filter @spot-provisioner/api re-encrypt`): every sealed value under the current key. */
const KEY_ROTATION_TABLE_ACCESS: Partial<Record<LogicalTableName, string[]>> = {
  Secrets: ['Scan', 'UpdateItem'],
  Clients: ['Scan', 'UpdateItem'],
  WorkerTypes: ['Scan', 'UpdateItem'],
};

/** The clients CLI (`pnpm --filter @spot-provisioner/api clients`), run by an operator. */
const CLIENTS_ADMIN_TABLE_ACCESS: Partial<Record<LogicalTableName, string[]>> = {
  Clients: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Scan'],
};

function tableStatements(access: Partial<Record<LogicalTableName, string[]>>): Json[] {
  return Object.entries(access).map(([logical, actions]) => ({
    Sid: `${logical}Table`,
    Effect: 'Allow',
    Action: (actions ?? []).map((a) => `dynamodb:${a}`),
    Resource: { 'Fn::GetAtt': [tableResourceId(logical as LogicalTableName), 'Arn'] },
  }));
}

const ownedByThisProvisioner = { StringEquals: { 'aws:RequestTag/Owner': '${ProvisionerId}' } };
const taggedForThisProvisioner = { StringEquals: { 'ec2:ResourceTag/Owner': '${ProvisionerId}' } };

/** Substitutes ${ProvisionerId} inside condition values. */
function sub(value: Json): Json {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'string' && v.includes('${') ? { 'Fn::Sub': v } : v,
  ) as Json;
}

function apiPolicy(): Json {
  return [
    ...tableStatements(API_TABLE_ACCESS),
    {
      // Validation of worker types: the AMI and named security groups must exist. Describe
      // calls cannot be limited to resources.
      Sid: 'ValidateLaunchSpecs',
      Effect: 'Allow',
      Action: ['ec2:DescribeImages', 'ec2:DescribeSecurityGroups'],
      Resource: '*',
    },
  ];
}

function daemonPolicy(): Json {
  return [
    ...tableStatements(DAEMON_TABLE_ACCESS),
    {
      Sid: 'ReadEc2State',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeInstances',
        'ec2:DescribeSpotInstanceRequests',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeKeyPairs',
      ],
      Resource: '*',
    },
    {
      // Instances, their volumes and spot requests must carry this provisioner's Owner tag at creation.
      Sid: 'LaunchOnlyTaggedInstances',
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:instance/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:volume/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:spot-instances-request/*' },
      ],
      Condition: sub(ownedByThisProvisioner),
    },
    {
      Sid: 'LaunchWithExistingResources',
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*::image/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:subnet/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:network-interface/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:security-group/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:key-pair/*' },
      ],
    },
    {
      Sid: 'TagOnlyAtLaunch',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: '*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
    },
    {
      Sid: 'StopOnlyOwnCapacity',
      Effect: 'Allow',
      Action: ['ec2:TerminateInstances', 'ec2:CancelSpotInstanceRequests'],
      Resource: '*',
      Condition: sub(taggedForThisProvisioner),
    },
    {
      Sid: 'ImportWorkerKeyPair',
      Effect: 'Allow',
      Action: 'ec2:ImportKeyPair',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:key-pair/*' },
    },
    {
      // Only for worker types whose launch spec names an instance profile.
      Sid: 'PassWorkerInstanceRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { Ref: 'WorkerInstanceRoleArns' },
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    },
    {
      Sid: 'SpotServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'spot.amazonaws.com' } },
    },
    ...daemonInterruptionStatements(),
  ];
}

export function buildTemplate(): Json {
  const tables = tableDefinitions(PREFIX_PLACEHOLDER);
  const resources: Record<string, Json> = {};
  for (const table of tables) resources[tableResourceId(table.logicalName)] = tableResource(table);
  Object.assign(resources, interruptionResources());
  resources.ApiPolicy = {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      Description: 'spot-provisioner API: worker types, secrets, clients, reads of daemon state',
      PolicyDocument: { Version: '2012-10-17', Statement: apiPolicy() },
    },
  };
  resources.DaemonPolicy = {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      Description: 'spot-provisioner daemon: reads worker types, launches and cleans up its own EC2 capacity, reads its interruption queue',
      PolicyDocument: { Version: '2012-10-17', Statement: daemonPolicy() },
    },
  };
  resources.ClientsAdminPolicy = {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      Description: 'spot-provisioner operators: manage API clients with the clients CLI',
      PolicyDocument: { Version: '2012-10-17', Statement: tableStatements(CLIENTS_ADMIN_TABLE_ACCESS) },
    },
  };
  resources.KeyRotationPolicy = {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      Description: 'spot-provisioner operators: re-encrypt every sealed value under the current SECRETS_KEY',
      PolicyDocument: { Version: '2012-10-17', Statement: tableStatements(KEY_ROTATION_TABLE_ACCESS) },
    },
  };
  const outputs: Record<string, Json> = {
    ApiPolicyArn: { Value: { Ref: 'ApiPolicy' } },
    DaemonPolicyArn: { Value: { Ref: 'DaemonPolicy' } },
    ClientsAdminPolicyArn: { Value: { Ref: 'ClientsAdminPolicy' } },
    KeyRotationPolicyArn: { Value: { Ref: 'KeyRotationPolicy' } },
  };
  for (const table of tables) outputs[`${table.logicalName}TableName`] = { Value: { Ref: tableResourceId(table.logicalName) } };
  Object.assign(outputs, interruptionOutputs());
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'spot-provisioner: DynamoDB tables, the interruption queue and its EventBridge rules, least-privilege IAM policies (generated by infra/aws/template.ts)',
    Parameters: {
      TablePrefix: {
        Type: 'String',
        Default: DEFAULT_TABLE_PREFIX,
        AllowedPattern: '[A-Za-z0-9_.-]+',
        Description: 'Prefix of every table name; TABLE_PREFIX of both processes',
      },
      ProvisionerId: {
        Type: 'String',
        Default: DEFAULT_PROVISIONER_ID,
        AllowedPattern: '[a-zA-Z0-9-_]{1,38}',
        Description: 'PROVISIONER_ID: the Owner tag value the daemon puts on, and requires of, its EC2 resources',
      },
      WorkerInstanceRoleArns: {
        Type: 'CommaDelimitedList',
        Default: 'arn:aws:iam::123456789012:role/none',
        Description: 'Roles worker instances may be launched with (IamInstanceProfile in launch specs)',
      },
    },
    Resources: resources,
    Outputs: outputs,
  };
}

export function renderTemplate(): string {
  return `${JSON.stringify(buildTemplate(), null, 2)}\n`;
}
