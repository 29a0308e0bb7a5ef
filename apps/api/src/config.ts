/** What the API needs to know about its deployment; main.ts reads it from the environment. */
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

/** The daemon's default schedule: every 30 s. */
export const DEFAULT_ITERATION_PERIOD_MS = 30_000;

/** The path taskcluster-client builds from a rootUrl for this service. */
export const ROOT_URL_PREFIX = '/api/aws-provisioner/v1';
/** The classic base URL of the AWS Provisioner. */
export const CLASSIC_PREFIX = '/v1';

export function provisionerBaseUrl(config: Pick<ApiConfig, 'publicUrl'>): string {
  return `${config.publicUrl.replace(/\/+$/, '')}${ROOT_URL_PREFIX}`;
}
