/**
 * The interruption queue's part of the CloudFormation template: the SQS queue, its policy
 * (only this stack's EventBridge rules may send to it, only over TLS), one rule per event
 * kind the daemon acts on (patterns from packages/ec2-gateway, the same the local stack and
 * the tests use), and the daemon's rights on it: read and delete messages on this queue only,
 * and tag its own instances as interrupted.
 */
import { INTERRUPTION_EVENT_PATTERNS, INTERRUPTION_TAG_KEY } from '@spot-provisioner/ec2-gateway';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const INTERRUPTION_QUEUE_ID = 'InterruptionQueue';
/**
 * An hour: a daemon restart or a lease hand-over (minutes) loses no event; a warning older
 * than its two minutes no longer changes capacity but still counts toward its pool's rate.
 */
export const INTERRUPTION_MESSAGE_RETENTION_S = 3600;
/** SQS's longest long poll, as the queue's default: receives never return empty early. */
const RECEIVE_WAIT_S = 20;

const queueArn: Json = { 'Fn::GetAtt': [INTERRUPTION_QUEUE_ID, 'Arn'] };
const ruleId = (name: string) => `${name}Rule`;
// a deep copy: the patterns are readonly constants, the template mutable JSON
const RULES = Object.entries(JSON.parse(JSON.stringify(INTERRUPTION_EVENT_PATTERNS)) as Record<string, Json>);

export function interruptionResources(): Record<string, Json> {
  const resources: Record<string, Json> = {
    [INTERRUPTION_QUEUE_ID]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: { 'Fn::Sub': '${ProvisionerId}-interruptions' },
        MessageRetentionPeriod: INTERRUPTION_MESSAGE_RETENTION_S,
        ReceiveMessageWaitTimeSeconds: RECEIVE_WAIT_S,
        SqsManagedSseEnabled: true,
      },
    },
    InterruptionQueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: INTERRUPTION_QUEUE_ID }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EventBridgeRulesSend',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': RULES.map(([name]) => ({ 'Fn::GetAtt': [ruleId(name), 'Arn'] })) } },
            },
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sqs:*',
              Resource: queueArn,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  };
  for (const [name, pattern] of RULES) {
    resources[ruleId(name)] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `spot-provisioner: EC2 ${name} events to the interruption queue`,
        State: 'ENABLED',
        EventPattern: pattern,
        Targets: [{ Id: INTERRUPTION_QUEUE_ID, Arn: queueArn }],
      },
    };
  }
  return resources;
}

/** The daemon's statements: this queue only, and the interruption tag on its own instances only. */
export function daemonInterruptionStatements(): Json[] {
  return [
    {
      Sid: 'ReadInterruptionQueue',
      Effect: 'Allow',
      // sqs:DeleteMessage also authorizes DeleteMessageBatch
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      Resource: queueArn,
    },
    {
      Sid: 'TagOwnInstancesInterrupted',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:instance/*' },
      Condition: {
        StringEquals: { 'ec2:ResourceTag/Owner': { 'Fn::Sub': '${ProvisionerId}' } },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [INTERRUPTION_TAG_KEY] },
      },
    },
  ];
}

export function interruptionOutputs(): Record<string, Json> {
  return {
    InterruptionQueueUrl: { Description: 'INTERRUPTION_QUEUE_URL of the daemon', Value: { Ref: INTERRUPTION_QUEUE_ID } },
    InterruptionQueueArn: { Value: queueArn },
  };
}
