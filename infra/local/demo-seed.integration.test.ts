import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { launchSpecViolations } from '@spot-provisioner/launch-spec';
import { WorkerTypeDefinitionSchema } from '@spot-provisioner/model';
import { DEMO_IMAGE_NAME, demoDefinition } from './demo-seed';

describe('the local stack demo worker type', () => {
  it('is a valid definition using its own AMI, registered once in every allowed region', async () => {
    const env = { ...process.env, ALLOWED_REGIONS: 'us-east-1,us-west-2' };
    const parsed = WorkerTypeDefinitionSchema.parse(await demoDefinition(env));
    expect(launchSpecViolations(parsed)).toEqual([]);
    expect(parsed.regions.map((r) => r.region)).toEqual(['us-east-1', 'us-west-2']);
    const images = parsed.regions.map((region) => region.launchSpec.ImageId);
    for (const image of images) expect(image).toMatch(/^ami-[0-9a-f]+$/);
    for (const [index, region] of parsed.regions.entries()) {
      const out = await new EC2Client({ region: region.region }).send(new DescribeImagesCommand({ ImageIds: [images[index] as string] }));
      expect(out.Images?.[0]?.Name).toBe(DEMO_IMAGE_NAME);
    }
    // a second seed (a restarted stack on the same engine) finds the same images
    const again = WorkerTypeDefinitionSchema.parse(await demoDefinition(env));
    expect(again.regions.map((region) => region.launchSpec.ImageId)).toEqual(images);
  });
});
