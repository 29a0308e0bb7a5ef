import { z } from 'zod';
import { ClientIdSchema, IsoDateTimeSchema, ScopeSchema } from './identifiers';

/** What an admin supplies to create an API client. */
export const NewApiClientSchema = z
  .strictObject({
    clientId: ClientIdSchema,
    scopes: z.array(ScopeSchema),
    description: z.string(),
    expires: IsoDateTimeSchema.optional(),
  })
  .meta({ id: 'NewApiClient' });
export type NewApiClient = z.infer<typeof NewApiClientSchema>;

/** A stored client without its access token (safe to list and log). */
export const ApiClientSchema = NewApiClientSchema.extend({
  createdAt: IsoDateTimeSchema,
  lastRotated: IsoDateTimeSchema,
}).meta({ id: 'ApiClient' });
export type ApiClient = z.infer<typeof ApiClientSchema>;

/** A client with its decrypted access token, for Hawk verification only. Never log it. */
export interface ApiClientWithToken extends ApiClient {
  readonly accessToken: string;
}
