/** The defaults both processes (and the local stack) share, each in one place (the table prefix's is the tables', in packages/model). */
/** The classic provisioner's id: the `Owner` tag and the worker scopes' prefix. */
export const DEFAULT_PROVISIONER_ID = 'aws-provisioner-v1';
export const DEFAULT_ALLOWED_REGIONS: readonly string[] = ['us-east-1', 'us-west-2'];
/** The path taskcluster-client builds from a rootUrl for this service. */
export const PROVISIONER_API_PATH = '/api/aws-provisioner/v1';
/** The classic base path of the AWS Provisioner. */
export const CLASSIC_API_PATH = '/v1';
export const DEFAULT_API_PORT = 5557;
export const DEFAULT_METRICS_PORT = 5558;
/** Loopback unless told otherwise: the API and the metrics are not meant to be public by accident. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_ROOT_CLIENT_ID = 'root';
/** The daemon's default schedule (every 30 s) and its period. */
export const DEFAULT_ITERATION_SCHEDULE = '*/30 * * * * *';
export const DEFAULT_ITERATION_PERIOD_MS = 30_000;
export const DEFAULT_MAX_INSTANCE_LIFE = '96h';
export const DEFAULT_LOG_LEVEL = 'info';

/** The API's base URL under a public root URL: what user data calls provisionerBaseUrl. */
export function provisionerBaseUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${PROVISIONER_API_PATH}`;
}

/** Where the API is reached when PUBLIC_URL is unset: its own listening address. */
export function defaultPublicUrl(host: string = DEFAULT_HOST, port: number = DEFAULT_API_PORT): string {
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}
