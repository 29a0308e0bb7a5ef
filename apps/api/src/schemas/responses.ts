/** Response bodies that are not records of packages/model. */
import { JsonObjectSchema, ScopeSchema } from '@spot-provisioner/model';
import { z } from 'zod';

export const ErrorResponseSchema = z
  .looseObject({ code: z.string(), message: z.string() })
  .meta({ id: 'ErrorResponse', description: 'Every error: a code, a human message, and details such as reasons' });

export const WorkerTypeListSchema = z.array(z.string()).meta({ id: 'WorkerTypeList' });

export const OutcomeSchema = z.strictObject({ outcome: z.literal('success') }).meta({ id: 'CreateSecretResponse' });

export const TemporaryCredentialsSchema = z
  .strictObject({ clientId: z.string(), accessToken: z.string(), certificate: z.string() })
  .meta({ id: 'TemporaryCredentials' });

export const GetSecretResponseSchema = z
  .strictObject({ data: JsonObjectSchema, scopes: z.array(ScopeSchema), credentials: TemporaryCredentialsSchema })
  .meta({ id: 'GetSecretResponse' });

export const BackendStatusSchema = z
  .strictObject({
    status: z.enum(['healthy', 'unhealthy', 'unknown']),
    lastCheckedIn: z.string().nullable().describe('When the last provisioner iteration finished'),
    degraded: z
      .string()
      .optional()
      .describe('Why the provisioner is unhealthy although it checked in recently, e.g. its last iteration reached no region'),
  })
  .meta({ id: 'BackendStatus' });

export const PingResponseSchema = z
  .strictObject({ alive: z.literal(true), uptime: z.number().describe('Seconds since the API started') })
  .meta({ id: 'PingResponse' });

const LaunchSpecEntrySchema = z.strictObject({
  launchSpec: JsonObjectSchema,
  userData: JsonObjectSchema.describe('The decoded user data (launchSpec.UserData holds it base64)'),
  secrets: JsonObjectSchema,
  scopes: z.array(ScopeSchema),
});

export const LaunchSpecsResponseSchema = z
  .record(z.string(), z.record(z.string(), z.record(z.string(), LaunchSpecEntrySchema)))
  .meta({
    id: 'LaunchSpecs',
    description: 'region → instanceType → availabilityZone ("*" where the region configures none) → launch spec',
  });

/** The error statuses every method may answer, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorResponseSchema.describe('Invalid input (`reasons` lists every problem), a malformed body or URL'),
  401: ErrorResponseSchema.describe('Bad Hawk signature, unknown or malformed client, or invalid certificate'),
  403: ErrorResponseSchema.describe('The credentials lack the scopes of the method (`requiredScopes`, `clientScopes`)'),
  404: ErrorResponseSchema.describe('No such worker type or secret'),
  409: ErrorResponseSchema.describe('Conflicts with what is stored'),
  413: ErrorResponseSchema.describe('The body is larger than 256 KiB'),
  414: ErrorResponseSchema.describe('A path segment is too long'),
  415: ErrorResponseSchema.describe('The body is not application/json'),
  431: ErrorResponseSchema.describe("The request line and headers together exceed Node's HTTP header limit (16 KiB)"),
  500: ErrorResponseSchema.describe('Internal error; the details are only in the API log'),
  503: ErrorResponseSchema.describe('The data store or EC2 is unavailable; retry after the Retry-After header'),
} as const;
