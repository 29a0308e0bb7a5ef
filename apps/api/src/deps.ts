import {
  DEFAULT_ALLOWED_REGIONS,
  DEFAULT_API_PORT,
  DEFAULT_ITERATION_PERIOD_MS,
  DEFAULT_PROVISIONER_ID,
  DEFAULT_ROOT_CLIENT_ID,
  defaultPublicUrl,
} from '@spot-provisioner/config';
import {
  CachedClientRepository,
  createDocumentClient,
  createDynamoClient,
  createRepositories,
  createTables,
  INTERACTIVE_DYNAMODB_TIMEOUTS,
  type Keyring,
} from '@spot-provisioner/model';
import type { AppDeps } from './app';
import type { ApiConfig } from './context';
import { AwsEc2ReferenceChecker } from './ec2/ec2-checker';
import type { LoggerSettings } from './http/logging';

/** Plain settings from which createApiDeps builds everything the app needs. */
export interface ApiSettings {
  /** AWS region of the DynamoDB tables (endpoints come from the SDK's environment). */
  readonly region: string;
  readonly tablePrefix?: string;
  readonly keyring: Keyring;
  readonly rootClientId?: string;
  readonly rootAccessToken: string;
  readonly provisionerId?: string;
  readonly allowedRegions?: readonly string[];
  /** Where the API is reached; defaults to http://127.0.0.1:5557. */
  readonly publicUrl?: string;
  /** Defaults to publicUrl. */
  readonly taskclusterRootUrl?: string;
  readonly iterationPeriodMs?: number;
  readonly clock?: () => Date;
  readonly logger?: LoggerSettings | false;
}

export { DEFAULT_ALLOWED_REGIONS, DEFAULT_API_PORT as DEFAULT_PORT, DEFAULT_PROVISIONER_ID, DEFAULT_ROOT_CLIENT_ID };

export interface ApiDeps extends AppDeps {
  /** Creates the tables under the prefix if missing (idempotent; for tests and local stacks). */
  createTables(): Promise<void>;
  /** Releases the AWS clients. */
  close(): void;
}

/** DynamoDB repositories and the EC2 adapter from plain settings: a real API in a few lines. */
export function createApiDeps(settings: ApiSettings): ApiDeps {
  const publicUrl = settings.publicUrl ?? defaultPublicUrl();
  const config: ApiConfig = {
    provisionerId: settings.provisionerId ?? DEFAULT_PROVISIONER_ID,
    allowedRegions: settings.allowedRegions ?? DEFAULT_ALLOWED_REGIONS,
    publicUrl,
    taskclusterRootUrl: settings.taskclusterRootUrl ?? publicUrl,
    rootClientId: settings.rootClientId ?? DEFAULT_ROOT_CLIENT_ID,
    rootAccessToken: settings.rootAccessToken,
    iterationPeriodMs: settings.iterationPeriodMs ?? DEFAULT_ITERATION_PERIOD_MS,
  };
  const dynamo = createDynamoClient(settings.region, { timeouts: INTERACTIVE_DYNAMODB_TIMEOUTS, reportUnavailability: true });
  const tables = createRepositories({
    documentClient: createDocumentClient({ client: dynamo }),
    keyring: settings.keyring,
    ...(settings.tablePrefix !== undefined ? { prefix: settings.tablePrefix } : {}),
  });
  // every signed request looks its client up: cached (CLIENT_CACHE_TTL_MS), see README "Auth"
  const repositories = { ...tables, clients: new CachedClientRepository(tables.clients) };
  const ec2 = new AwsEc2ReferenceChecker();
  return {
    repositories,
    ec2,
    config,
    ...(settings.clock ? { clock: settings.clock } : {}),
    ...(settings.logger !== undefined ? { logger: settings.logger } : {}),
    createTables: async () => {
      await createTables({ client: dynamo, ...(settings.tablePrefix !== undefined ? { prefix: settings.tablePrefix } : {}) });
    },
    close: () => {
      ec2.destroy();
      dynamo.destroy();
    },
  };
}
