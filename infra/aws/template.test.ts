import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableDefinitions } from '@spot-provisioner/model';
import { buildTemplate, renderTemplate } from './template';

interface Statement {
  Sid: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface Resource {
  Type: string;
  Properties: Record<string, unknown> & { PolicyDocument?: { Statement: Statement[] } };
}
const template = buildTemplate() as unknown as { Resources: Record<string, Resource> };
const statements = (policy: string) => template.Resources[policy]?.Properties.PolicyDocument?.Statement ?? [];
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('CloudFormation template', () => {
  it('is committed exactly as generated from the table definitions (run `pnpm infra:template`)', () => {
    const committed = readFileSync(path.join(__dirname, 'spot-provisioner.template.json'), 'utf8');
    expect(committed).toBe(renderTemplate());
  });

  it('passes cfn-lint, which checks resource types, properties and references against the CloudFormation spec', () => {
    // cfn-lint comes with moto into the project's virtualenv (scripts/bootstrap.sh)
    const lint = spawnSync(path.join(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint'), [path.join(__dirname, 'spot-provisioner.template.json')], { encoding: 'utf8' });
    expect({ status: lint.status, error: lint.error?.message, output: `${lint.stdout}${lint.stderr}` }).toEqual({ status: 0, error: undefined, output: '' });
  });

  it('declares every model table with its keys, point-in-time recovery and encryption', () => {
    for (const table of tableDefinitions('X')) {
      const resource = template.Resources[`${table.logicalName}Table`];
      expect(resource?.Type).toBe('AWS::DynamoDB::Table');
      const props = resource?.Properties ?? {};
      expect(props.KeySchema).toEqual(table.keySchema);
      expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(props.SSESpecification).toEqual({ SSEEnabled: true });
      expect(props.TableName).toEqual({ 'Fn::Sub': `\${TablePrefix}${table.logicalName}` });
    }
  });

  it('turns TTL on exactly for the tables whose items expire', () => {
    const withTtl = Object.entries(template.Resources)
      .filter(([, r]) => r.Properties.TimeToLiveSpecification)
      .map(([id]) => id)
      .sort();
    const expiring = tableDefinitions('X')
      .filter((t) => t.ttlAttribute)
      .map((t) => `${t.logicalName}Table`)
      .sort();
    expect(expiring.length).toBeGreaterThan(0);
    expect(withTtl).toEqual(expiring);
  });

  it('grants no wildcard actions to either process', () => {
    for (const policy of ['ApiPolicy', 'DaemonPolicy', 'ClientsAdminPolicy', 'KeyRotationPolicy']) {
      expect(statements(policy).length).toBeGreaterThan(0);
      for (const statement of statements(policy)) {
        for (const action of actions(statement)) expect(action).not.toMatch(/\*/);
      }
    }
  });

  it('lets the daemon stop only EC2 capacity tagged with its own provisioner id', () => {
    const stop = statements('DaemonPolicy').find((s) => actions(s).includes('ec2:TerminateInstances'));
    expect(stop?.Condition).toEqual({
      StringEquals: { 'ec2:ResourceTag/Owner': { 'Fn::Sub': '${ProvisionerId}' } },
    });
  });

  it('lets the API only read clients; writing them takes the operator policy', () => {
    const apiClients = statements('ApiPolicy').find((s) => s.Sid === 'ClientsTable');
    expect(apiClients && actions(apiClients)).toEqual(['dynamodb:GetItem']);
    const admin = statements('ClientsAdminPolicy');
    expect(admin.map((s) => s.Sid)).toEqual(['ClientsTable']);
    expect(admin.flatMap(actions)).toContain('dynamodb:PutItem');
  });

  it('gives the API no EC2 write access and no access to the launches table', () => {
    const apiActions = statements('ApiPolicy').flatMap(actions);
    expect(apiActions.filter((a) => a.startsWith('ec2:'))).toEqual(['ec2:DescribeImages', 'ec2:DescribeSecurityGroups']);
    const launches = statements('ApiPolicy').find((s) => s.Sid === 'LaunchesTable');
    expect(launches).toBeUndefined();
  });
});
