/**
 * Local stack only: creates a small demo worker type through the API (so it passes the same
 * validation as any other), using an AMI of its own it registers in each allowed region of the
 * EC2 engine (once: a later seed finds it by name).
 */
import { DescribeImagesCommand, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { DAEMON_EC2_TIMEOUTS, Ec2Gateway, type Ec2Timeouts } from '@spot-provisioner/ec2-gateway';
import Hawk from 'hawk';

export const DEMO_WORKER_TYPE = 'demo-linux';
/** The AMI the demo registers (moto's own catalog of Amazon's images is not needed, and may be off). */
export const DEMO_IMAGE_NAME = 'spot-provisioner-demo';
/**
 * moto builds a region's AMI catalog on its first call, which takes seconds (tens on a busy
 * 2-core machine); the stack's start waits for the seed anyway, so the seed waits that long.
 */
const SEED_EC2_TIMEOUTS: Ec2Timeouts = { ...DAEMON_EC2_TIMEOUTS, requestTimeoutMs: 60_000 };

/** The demo AMI in each region, registered when absent, through the EC2 gateway (the SDK finds the engine and credentials in the environment). */
async function demoImages(regions: readonly string[]): Promise<string[]> {
  const gateway = new Ec2Gateway({ timeouts: SEED_EC2_TIMEOUTS });
  try {
    return await Promise.all(
      regions.map(async (region) => {
        const found = await gateway.call(region, 'DescribeImages', (client) =>
          client.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [DEMO_IMAGE_NAME] }] })),
        );
        const known = found.Images?.find((image) => image.ImageId)?.ImageId;
        if (known) return known;
        const registered = await gateway.call(region, 'RegisterImage', (client) =>
          client.send(new RegisterImageCommand({ Name: DEMO_IMAGE_NAME, Description: 'AMI of the local stack demo worker type', RootDeviceName: '/dev/sda1' })),
        );
        if (!registered.ImageId) throw new Error(`the EC2 engine registered no demo AMI in ${region}`);
        return registered.ImageId;
      }),
    );
  } finally {
    gateway.destroy();
  }
}

export async function demoDefinition(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const regions = (env.ALLOWED_REGIONS ?? 'us-east-1').split(',').map((r) => r.trim()).filter(Boolean);
  const images = await demoImages(regions);
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
