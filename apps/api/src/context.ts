import type { ApiEnvConfig } from '@spot-provisioner/config';
import type { Repositories } from '@spot-provisioner/model';
import type { HawkAuthenticator } from './auth/hawk-authenticator';
import type { Ec2ReferenceChecker } from './ec2/ec2-checker';
import type { PreviewLimiter } from './preview/preview-limiter';
import type { PreviewRunner } from './preview/preview-runner';
import type { RecordedMarkets } from './preview/recorded-markets';
import type { ApiReads } from './reads';

/** The repositories the API uses (the daemon's Launches table is not among them). */
export type ApiRepositories = Pick<
  Repositories,
  'workerTypes' | 'secrets' | 'workerState' | 'provisioner' | 'clients' | 'decisions' | 'capacityHistory' | 'markets'
>;

/** What the routes read of the API's configuration (packages/config's, which main.ts parses). */
export type ApiConfig = Pick<
  ApiEnvConfig,
  'provisionerId' | 'allowedRegions' | 'publicUrl' | 'taskclusterRootUrl' | 'rootClientId' | 'rootAccessToken' | 'iterationPeriodMs'
>;

/** What every route module receives. */
export interface ApiContext {
  readonly repositories: ApiRepositories;
  readonly ec2: Ec2ReferenceChecker;
  readonly config: ApiConfig;
  readonly clock: () => Date;
  readonly authenticator: HawkAuthenticator;
  /** When the app was built, for ping's uptime. */
  readonly startedAt: Date;
  /** Computes plan previews off the event loop. */
  readonly previews: PreviewRunner;
  /** Plan previews each client has running. */
  readonly previewLimiter: PreviewLimiter;
  /** The daemon's recorded markets, as previews read them. */
  readonly recordedMarkets: RecordedMarkets;
  /** Definitions and summaries as the read methods serve them (reads.ts). */
  readonly reads: ApiReads;
}
