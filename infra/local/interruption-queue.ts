/**
 * Local stack only: the interruption queue in moto, so a message sent to it reaches the daemon
 * as EventBridge's would in AWS (the template's rules and their routing are checked against
 * moto's EventBridge by infra/aws/interruption-queue.integration.test.ts). The SDK finds moto
 * through AWS_ENDPOINT_URL_SQS.
 */
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@spot-provisioner/ec2-gateway';

/** Creates the queue if missing (CreateQueue is idempotent); returns its URL. */
export async function ensureInterruptionQueue(env: NodeJS.ProcessEnv): Promise<string> {
  const name = `${env.PROVISIONER_ID ?? 'aws-provisioner-v1'}-interruptions`;
  const sqs = createSqsClient(env.AWS_REGION ?? 'us-east-1');
  try {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl;
    if (!queueUrl) throw new Error(`SQS created no URL for queue ${name}`);
    return queueUrl;
  } finally {
    sqs.destroy();
  }
}
