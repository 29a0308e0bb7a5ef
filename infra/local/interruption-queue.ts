/**
 * Local stack only: the interruption queue in moto, with the same EventBridge rules the
 * CloudFormation template creates, so an EC2 event put on moto's event bus (or a message sent
 * to the queue) reaches the daemon as it would in AWS. The SDK finds moto through
 * AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_EVENTBRIDGE.
 */
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { INTERRUPTION_EVENT_PATTERNS } from '@spot-provisioner/ec2-gateway';

/** Creates the queue and its rules if missing (both calls are idempotent); returns the queue URL. */
export async function ensureInterruptionQueue(env: NodeJS.ProcessEnv): Promise<string> {
  const region = env.AWS_REGION ?? 'us-east-1';
  const name = `${env.PROVISIONER_ID ?? 'aws-provisioner-v1'}-interruptions`;
  const sqs = new SQSClient({ region });
  const events = new EventBridgeClient({ region });
  try {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl;
    if (!queueUrl) throw new Error(`SQS created no URL for queue ${name}`);
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    const arn = attributes.Attributes?.QueueArn ?? '';
    for (const [rule, pattern] of Object.entries(INTERRUPTION_EVENT_PATTERNS)) {
      await events.send(new PutRuleCommand({ Name: `${name}-${rule}`, EventPattern: JSON.stringify(pattern), State: 'ENABLED' }));
      await events.send(new PutTargetsCommand({ Rule: `${name}-${rule}`, Targets: [{ Id: 'InterruptionQueue', Arn: arn }] }));
    }
    return queueUrl;
  } finally {
    sqs.destroy();
    events.destroy();
  }
}
