import { setImmediate as nextTurn } from 'node:timers/promises';
import { ec2ReferencesByRegion, launchSpecViolations } from '@spot-provisioner/launch-spec';
import type { WorkerTypeDefinition } from '@spot-provisioner/model';
import type { Ec2ReferenceChecker } from '../ec2/ec2-checker';
import { InputValidationError } from '../errors';

/**
 * The checks after the schema: the launch-spec rules, then, for every region this
 * provisioner manages, that the AMIs and named security groups exist. Throws one
 * InputValidationError listing every reason.
 */
export async function assertDefinitionLaunchable(
  definition: WorkerTypeDefinition,
  allowedRegions: readonly string[],
  ec2: Ec2ReferenceChecker,
): Promise<void> {
  // Each step walks every launch specification (up to MAX_LAUNCH_SPECS): let other requests run between them.
  await nextTurn();
  const reasons = launchSpecViolations(definition);
  await nextTurn();
  const managed = [...ec2ReferencesByRegion(definition)].filter(([region]) => allowedRegions.includes(region));
  const missing = await Promise.all(managed.map(([region, refs]) => ec2.missingReferences(region, refs)));
  reasons.push(...missing.flat());
  if (reasons.length > 0) throw new InputValidationError('the worker type definition cannot be launched', reasons);
}
