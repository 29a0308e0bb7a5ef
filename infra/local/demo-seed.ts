/**
 * Local stack only: creates a small demo worker type through the API (so it passes the same
 * validation as any other), using an AMI the EC2 engine knows in each allowed region.
 */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { DAEMON_EC2_TIMEOUTS, Ec2Gateway, type Ec2Timeouts } from '@spot-provisioner/ec2-gateway';
import Hawk from 'hawk';

export const DEMO_WORKER_TYPE = 'demo-linux';
/**
 * moto builds a region's AMI catalog on its first call, which takes seconds (tens on a busy
 * 2-core machine); the stack's start waits for the seed anyway, so the seed waits that long.
 */
const SEED_EC2_TIMEOUTS: Ec2Timeouts = { ...DAEMON_EC2_TIMEOUTS, requestTimeoutMs: 60_000 };

/** An AMI the engine knows in each region, through the EC2 gateway (the SDK finds the engine and credentials in the environment). */
async function firstImages(regions: readonly string[]): Promise<string[]> {
  const gateway = new Ec2Gateway({ timeouts: SEED_EC2_TIMEOUTS });
  try {
    return await Promise.all(
      regions.map(async (region) => {
        const out = await gateway.call(region, 'DescribeImages', (client) => client.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 })));
        const id = out.Images?.find((image) => image.ImageId)?.ImageId;
        if (!id) throw new Error(`no AMI available in ${region}`);
        return id;
      }),
    );
  } finally {
    gateway.destroy();
  }
}

export async function demoDefinition(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const regions = (env.ALLOWED_REGIONS ?? 'us-east-1').split(',').map((r) => r.trim()).filter(Boolean);
  const images = await firstImages(regions);
  return {
    description: 'Demo worker type created by the local stack',
    owner: 'local-dev@example.com',
    minCapacity: 0,
    maxCapacity: 10,
    scalingRatio: 0,
    minPrice: 0,
    maxPrice: 0.5,
    canUseOndemand: false,
    canUseSpot: true,
    launchSpec: { SecurityGroups: ['default'] },
    userData: {},
    secrets: { demoSecret: 'only-the-instance-sees-this' },
    scopes: [],
    instanceTypes: [
      { instanceType: 'm5.large', capacity: 1, utility: 1, launchSpec: {}, secrets: {}, userData: {}, scopes: [] },
      { instanceType: 'c5.xlarge', capacity: 2, utility: 1.4, launchSpec: {}, secrets: {}, userData: {}, scopes: [] },
    ],
    regions: regions.map((region, index) => ({ region, launchSpec: { ImageId: images[index] }, secrets: {}, userData: {}, scopes: [] })),
    availabilityZones: [],
  };
}

/** Creates the demo worker type (idempotent: an existing one is kept). Returns its name. */
export async function seedDemoWorkerType({ env }: { env: NodeJS.ProcessEnv }): Promise<string> {
  const rootUrl = env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT ?? '5557'}`;
  const url = `${rootUrl}/api/aws-provisioner/v1/worker-type/${DEMO_WORKER_TYPE}`;
  const exists = await fetch(url.replace('/worker-type/', '/worker-type-last-modified/'));
  if (exists.ok) return DEMO_WORKER_TYPE;
  const body = JSON.stringify(await demoDefinition(env));
  const { header } = Hawk.client.header(url, 'PUT', {
    credentials: { id: env.ROOT_CLIENT_ID ?? 'root', key: env.ROOT_ACCESS_TOKEN ?? '', algorithm: 'sha256' },
    payload: body,
    contentType: 'application/json',
  });
  const response = await fetch(url, {
    method: 'PUT',
    headers: { authorization: header, 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) {
    throw new Error(`creating the demo worker type failed: HTTP ${response.status} ${await response.text()}`);
  }
  return DEMO_WORKER_TYPE;
}
