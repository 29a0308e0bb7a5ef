/**
 * @spot-provisioner/api-client: the one API client core of the console (in the browser) and
 * the CLI (in Node). Each app keeps only its presentation and where it keeps credentials.
 */
export { CredentialsError, isCredentialsError, parsedCertificate, type Credentials } from './credentials';
export { ApiError, ApiUnreachableError, errorFromResponse, isApiError, isApiUnreachableError } from './errors';
export { hawkHeader, payloadHash, randomNonce, taskclusterExt, type SignOptions } from './hawk';
export {
  CREDENTIAL_PROBE_WORKER_TYPE,
  MAX_HISTORY_PAGES,
  ProvisionerApi,
  type BackendStatus,
  type CredentialCheck,
  type DefinitionBody,
  type HistoryQuery,
  type HistoryWindow,
  type LaunchSpecEntry,
  type LaunchSpecs,
  type WorkerTypeState,
} from './provisioner-api';
export { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, type Outcome, type RetryPolicy } from './retry';
export { API_PATH, REQUEST_TIMEOUT_MS, SignedTransport, type FetchLike, type FetchResponse, type TransportOptions } from './transport';
