/** What the stack prints once every process is healthy. */
import { provisionerBaseUrl } from '@spot-provisioner/config';
import type { StackPlan } from './config';

export interface BannerFacts {
  readonly plan: StackPlan;
  readonly ec2Endpoint: string;
  readonly dynamodbEndpoint: string;
  readonly demoWorkerType: string | undefined;
  readonly envFileShown: string;
  readonly startedInSeconds: number;
}

export function bannerLines({ plan, ec2Endpoint, dynamodbEndpoint, demoWorkerType, envFileShown, startedInSeconds }: BannerFacts): string[] {
  const { env, ports } = plan;
  const rootUrl = env.PUBLIC_URL ?? '';
  const api = provisionerBaseUrl(rootUrl);
  const lines = [
    '',
    `spot-provisioner is running locally: the API answered its ping, the daemon's /health is up and its first iteration finished (${startedInSeconds.toFixed(1)}s).`,
    `API:                ${api}/`,
    `Console:            ${rootUrl}/console/`,
    `API docs:           ${rootUrl}/docs`,
    `OpenAPI document:   ${api}/openapi.json`,
    `Provisioner health: http://127.0.0.1:${ports.metrics}/health  (metrics: /metrics)`,
    `EC2 endpoint: ${ec2Endpoint}`,
    `DynamoDB endpoint: ${dynamodbEndpoint}`,
    `Interruption queue: ${env.INTERRUPTION_QUEUE_URL ?? 'none (INTERRUPTION_QUEUE_URL unset: no interruption handling)'}`,
    `AWS credentials for the emulators: AWS_ACCESS_KEY_ID=${env.AWS_ACCESS_KEY_ID ?? '(yours)'} AWS_SECRET_ACCESS_KEY=${env.AWS_SECRET_ACCESS_KEY ?? '(yours)'} AWS_REGION=${env.AWS_REGION ?? 'us-east-1'}`,
    `Queue: ${env.QUEUE_ROOT_URL}${ports.queueStandIn ? '  (development stand-in)' : ''}`,
    `Root client id: ${env.ROOT_CLIENT_ID}`,
    `Root access token: ${env.ROOT_ACCESS_TOKEN}  (development credentials)`,
    `Table prefix: ${env.TABLE_PREFIX}`,
    `Ports: API ${ports.api}, metrics ${ports.metrics}${ports.queueStandIn ? `, queue stand-in ${ports.queueStandIn}` : ''}${ports.moto ? `, moto ${ports.moto}` : ''}${ports.dynamodb ? `, DynamoDB Local ${ports.dynamodb}` : ''}`,
    '',
    `Use it from another shell:  source ${envFileShown}`,
    '  then: corepack pnpm -s cli list        (the worker-type CLI)',
    '        corepack pnpm -s cli ami ubuntu  (AMI ids the EC2 emulator knows, for ImageId)',
    '        corepack pnpm --filter @spot-provisioner/api clients list',
  ];
  if (demoWorkerType && ports.queueStandIn) {
    lines.push(
      '',
      `A demo worker type "${demoWorkerType}" exists. Ask for capacity with:`,
      `  curl -X PUT ${env.QUEUE_ROOT_URL}/pending/${env.PROVISIONER_ID}/${demoWorkerType} -H 'content-type: application/json' -d '{"pendingTasks":3}'`,
      `then watch: corepack pnpm -s cli state ${demoWorkerType}   (or ${api}/state/${demoWorkerType})`,
    );
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  return lines;
}
