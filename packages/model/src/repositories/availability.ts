import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isAwsUnavailable, StoreUnavailableError } from '../errors';

const MIDDLEWARE_NAME = 'storeAvailability';

/**
 * Makes every command of `client` (and of document clients built on it) fail with
 * StoreUnavailableError when DynamoDB cannot serve it: refused or reset connections,
 * timeouts, throttling after the SDK's retries, 5xx. Other errors pass unchanged.
 * Idempotent. The `initialize` step wraps the SDK's retries, so it sees the final error.
 */
export function reportStoreUnavailability(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.remove(MIDDLEWARE_NAME);
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw isAwsUnavailable(error) ? new StoreUnavailableError(error) : error;
      }
    },
    { step: 'initialize', name: MIDDLEWARE_NAME },
  );
  return client;
}
