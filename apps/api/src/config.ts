/** What the API needs to know about its deployment; main.ts reads it from the environment. */
import { CLASSIC_API_PATH, DEFAULT_ITERATION_PERIOD_MS, PROVISIONER_API_PATH, provisionerBaseUrl as baseUrlUnder } from '@spot-provisioner/config';

export { loadApiConfig, parseApiConfig, type ApiEnvConfig } from '@spot-provisioner/config';

export interface ApiConfig {
  /** This provisioner's id: worker-type scopes in getSecret credentials, user data. */
  readonly provisionerId: string;
  /** Regions whose AMIs and security groups are checked against EC2 before storing. */
  readonly allowedRegions: readonly string[];
  /** Where this API is reached, e.g. https://tc.example.com; the base of provisionerBaseUrl. */
  readonly publicUrl: string;
  /** Taskcluster root URL workers talk to (user data `taskclusterRootUrl`). */
  readonly taskclusterRootUrl: string;
  readonly rootClientId: string;
  readonly rootAccessToken: string;
  /** The daemon's iteration period, to judge its heartbeat in backendStatus. */
  readonly iterationPeriodMs: number;
}

export { DEFAULT_ITERATION_PERIOD_MS };

/** The path taskcluster-client builds from a rootUrl for this service. */
export const ROOT_URL_PREFIX = PROVISIONER_API_PATH;
/** The classic base URL of the AWS Provisioner. */
export const CLASSIC_PREFIX = CLASSIC_API_PATH;

export function provisionerBaseUrl(config: Pick<ApiConfig, 'publicUrl'>): string {
  return baseUrlUnder(config.publicUrl);
}
