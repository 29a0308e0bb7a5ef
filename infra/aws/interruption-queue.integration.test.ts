import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseEc2EventMessage, SPOT_INTERRUPTION_WARNING, REBALANCE_RECOMMENDATION, INSTANCE_STATE_CHANGE } from '@spot-provisioner/ec2-gateway';
import { engineEndpoints, TEST_REGION } from '@spot-provisioner/testing';
import { buildTemplate } from './template';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
const template = buildTemplate() as unknown as { Resources: Record<string, Resource>; Outputs: Record<string, unknown> };
const resources = Object.entries(template.Resources);
const rules = resources.filter(([, r]) => r.Type === 'AWS::Events::Rule');
const statementsOf = (id: string) => (template.Resources[id]?.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
const queueArn = { 'Fn::GetAtt': ['InterruptionQueue', 'Arn'] };

describe('the interruption queue in the CloudFormation template', () => {
  it('has one rule per event kind the daemon acts on, each targeting the queue', () => {
    expect(rules.map(([id]) => id).sort()).toEqual(['InstanceLeavingRule', 'RebalanceRecommendationRule', 'SpotInterruptionWarningRule']);
    for (const [, rule] of rules) expect(rule.Properties.Targets).toEqual([{ Id: 'InterruptionQueue', Arn: queueArn }]);
    expect(template.Outputs.InterruptionQueueUrl).toMatchObject({ Value: { Ref: 'InterruptionQueue' } });
  });

  it('lets only those rules send to the queue, and only over TLS', () => {
    const [send, deny] = statementsOf('InterruptionQueuePolicy');
    expect(send).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn });
    expect(send?.Condition?.ArnEquals?.['aws:SourceArn']).toEqual(rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
    expect(deny).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('lets the daemon receive, delete and read attributes on that queue only, and tag only its own instances, only as interrupted', () => {
    const daemon = statementsOf('DaemonPolicy');
    const sqs = daemon.filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(sqs).toEqual([expect.objectContaining({ Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: queueArn })]);
    const tag = daemon.find((s) => s.Sid === 'TagOwnInstancesInterrupted');
    expect(tag?.Condition).toEqual({
      StringEquals: { 'ec2:ResourceTag/Owner': { 'Fn::Sub': '${ProvisionerId}' } },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['Interruption'] },
    });
    const poolRisk = daemon.find((s) => s.Sid === 'PoolRiskTable');
    expect(poolRisk?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan']);
  });

  it('routes the documented events to the queue and leaves the rest out (its rules, in moto\'s EventBridge)', async () => {
    const sqs = new SQSClient({ region: TEST_REGION, endpoint: engineEndpoints().sqs });
    const events = new EventBridgeClient({ region: TEST_REGION, endpoint: engineEndpoints().sqs });
    const suffix = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `template-${suffix}` }))).QueueUrl ?? '';
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn ?? '';
    for (const [id, rule] of rules) {
      const name = `${id}-${suffix}`;
      await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(rule.Properties.EventPattern), State: 'ENABLED' }));
      await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'InterruptionQueue', Arn: arn }] }));
    }
    const put = (detailType: string, detail: Record<string, string>) => ({ Source: 'aws.ec2', DetailType: detailType, Detail: JSON.stringify(detail) });
    await events.send(
      new PutEventsCommand({
        Entries: [
          put(SPOT_INTERRUPTION_WARNING, { 'instance-id': 'i-0000000000000000a', 'instance-action': 'terminate' }),
          put(REBALANCE_RECOMMENDATION, { 'instance-id': 'i-0000000000000000b' }),
          put(INSTANCE_STATE_CHANGE, { 'instance-id': 'i-0000000000000000c', state: 'running' }),
          put(INSTANCE_STATE_CHANGE, { 'instance-id': 'i-0000000000000000d', state: 'shutting-down' }),
          { Source: 'aws.health', DetailType: 'AWS Health Event', Detail: '{}' },
        ],
      }),
    );
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const parsed = (received.Messages ?? []).map((m) => parseEc2EventMessage(m.Body ?? ''));
    const kinds = parsed.map((p) => (p.outcome === 'event' ? `${p.event.kind} ${p.event.instanceId}` : p.outcome)).sort();
    expect(kinds).toEqual(['rebalance-recommendation i-0000000000000000b', 'spot-interruption i-0000000000000000a', 'state-change i-0000000000000000d']);
    sqs.destroy();
    events.destroy();
  });
});
