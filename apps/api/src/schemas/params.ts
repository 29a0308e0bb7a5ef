/**
 * Path parameters, with messages that say what a valid value looks like. The patterns
 * are the model's, so storage and the API agree.
 */
import { IDENTIFIER_PATTERN, INSTANCE_ID_PATTERN, SLUGID_PATTERN } from '@spot-provisioner/model';
import { z } from 'zod';

export const WorkerTypeParam = z
  .string()
  .regex(IDENTIFIER_PATTERN, 'workerType must be 1 to 38 characters of a-z, A-Z, 0-9, - and _')
  .meta({ description: 'Worker type name' });

export const TokenParam = z
  .string()
  .regex(SLUGID_PATTERN, 'token must be a Taskcluster slugid (22 characters of url-safe base64, a v4 UUID)')
  .meta({ description: 'The securityToken of a launch (a slugid)' });

export const InstanceIdParam = z
  .string()
  .regex(INSTANCE_ID_PATTERN, 'instanceId must be an EC2 instance id: i- and 8 or 17 lowercase hex digits')
  .meta({ description: 'EC2 instance id' });

export const WorkerTypeParams = z.object({ workerType: WorkerTypeParam });
export const TokenParams = z.object({ token: TokenParam });
export const InstanceStartedParams = z.object({ instanceId: InstanceIdParam, token: TokenParam });
