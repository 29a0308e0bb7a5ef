import { launchSpecViolations } from '@spot-provisioner/launch-spec';
import { WorkerTypeDefinitionSchema } from '@spot-provisioner/model';
import { demoDefinition } from './demo-seed';

describe('the local stack demo worker type', () => {
  it('is a valid definition using an AMI the EC2 engine knows in every allowed region', async () => {
    const definition = await demoDefinition({ ...process.env, ALLOWED_REGIONS: 'us-east-1,us-west-2' });
    const parsed = WorkerTypeDefinitionSchema.parse(definition);
    expect(launchSpecViolations(parsed)).toEqual([]);
    expect(parsed.regions.map((r) => r.region)).toEqual(['us-east-1', 'us-west-2']);
    for (const region of parsed.regions) expect(region.launchSpec.ImageId).toMatch(/^ami-[0-9a-f]+$/);
  });
});
