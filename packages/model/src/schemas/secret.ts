import { z } from 'zod';
import {
  InstanceIdSchema,
  IsoDateTimeSchema,
  JsonObjectSchema,
  ScopeSchema,
  SlugIdSchema,
  WorkerTypeNameSchema,
} from './identifiers';
import { addUnstorableIssues, storableParams } from './storable';

/** Body of createSecret: the provisioner stores one per launch, keyed by the instance's securityToken. */
export const CreateSecretRequestSchema = z
  .strictObject({
    workerType: WorkerTypeNameSchema,
    secrets: JsonObjectSchema,
    scopes: z.array(ScopeSchema),
    token: SlugIdSchema,
    expiration: IsoDateTimeSchema,
  })
  .superRefine(addUnstorableIssues, storableParams)
  .meta({ id: 'CreateSecretRequest', description: 'A secret handed once to a new instance' });
export type CreateSecretRequest = z.infer<typeof CreateSecretRequestSchema>;

/** When an instance reported in through instanceStarted. */
export const InstanceCheckInSchema = z.strictObject({
  instanceId: InstanceIdSchema,
  at: IsoDateTimeSchema,
});
export type InstanceCheckIn = z.infer<typeof InstanceCheckInSchema>;

/** A stored secret, decrypted. */
export const SecretRecordSchema = z.strictObject({
  token: SlugIdSchema,
  workerType: WorkerTypeNameSchema,
  secrets: JsonObjectSchema,
  scopes: z.array(ScopeSchema),
  expiration: IsoDateTimeSchema,
  createdAt: IsoDateTimeSchema,
  instanceStarted: InstanceCheckInSchema.optional(),
});
export type SecretRecord = z.infer<typeof SecretRecordSchema>;
