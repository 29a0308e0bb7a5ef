/**
 * Identifier schemas shared by the API routes and the repositories. Plain zod (no
 * transforms) so they convert to JSON Schema for the OpenAPI document.
 */
import { z } from 'zod';

/** Taskcluster's identifier rule for workerType and provisionerId. */
export const IDENTIFIER_PATTERN = /^[a-zA-Z0-9-_]{1,38}$/;
/** A Taskcluster slugid (v4 UUID, url-safe base64 without padding). */
export const SLUGID_PATTERN = /^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$/;
/** An EC2 instance id: `i-` and 8 (legacy) or 17 hex digits. */
export const INSTANCE_ID_PATTERN = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** Taskcluster scopes are printable ASCII (space to tilde). */
export const SCOPE_PATTERN = /^[\x20-\x7e]*$/;
/** Taskcluster's clientId rule. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9!@/:.+|_-]{1,128}$/;

export const WorkerTypeNameSchema = z
  .string()
  .regex(IDENTIFIER_PATTERN)
  .meta({ id: 'WorkerTypeName', description: 'Worker type name: 1-38 of [a-zA-Z0-9-_]' });
export type WorkerTypeName = z.infer<typeof WorkerTypeNameSchema>;

export const ProvisionerIdSchema = z
  .string()
  .regex(IDENTIFIER_PATTERN)
  .meta({ id: 'ProvisionerId', description: 'Provisioner id: 1-38 of [a-zA-Z0-9-_]' });

export const SlugIdSchema = z
  .string()
  .regex(SLUGID_PATTERN)
  .meta({ id: 'SlugId', description: 'A Taskcluster slugid (22 url-safe base64 characters)' });

export const InstanceIdSchema = z
  .string()
  .regex(INSTANCE_ID_PATTERN)
  .meta({ id: 'InstanceId', description: 'EC2 instance id' });

export const ScopeSchema = z.string().regex(SCOPE_PATTERN).meta({ description: 'A Taskcluster scope (printable ASCII)' });

export const ClientIdSchema = z
  .string()
  .regex(CLIENT_ID_PATTERN)
  .meta({ id: 'ClientId', description: 'API client id' });

/** ISO 8601 date-time; offsets accepted because Taskcluster clients may send them. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** Free-form JSON object (launchSpec, userData, secrets): stored and returned exactly. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;
