/**
 * Where the API is and who is calling, from the Taskcluster ecosystem's own variables:
 * TASKCLUSTER_ROOT_URL, TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN, TASKCLUSTER_CERTIFICATE.
 */
import type { Credentials } from '@spot-provisioner/api-client';
import { UsageError } from './errors';

export interface ApiTarget {
  /** e.g. http://127.0.0.1:5557 (the API is under <rootUrl>/api/aws-provisioner/v1) */
  readonly rootUrl: string;
  /** Absent: unauthenticated calls (public reads only). */
  readonly credentials?: Credentials;
}

export function apiTargetFromEnv(env: NodeJS.ProcessEnv): ApiTarget {
  const rootUrl = env.TASKCLUSTER_ROOT_URL?.trim();
  if (!rootUrl) {
    throw new UsageError(
      'TASKCLUSTER_ROOT_URL is not set: the root URL of the API, e.g. http://127.0.0.1:5557 (with a local stack running: source .local/env)',
    );
  }
  try {
    const url = new URL(rootUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new UsageError(`TASKCLUSTER_ROOT_URL must be an http(s) URL, got "${rootUrl}"`);
  }
  const clientId = env.TASKCLUSTER_CLIENT_ID?.trim();
  const accessToken = env.TASKCLUSTER_ACCESS_TOKEN?.trim();
  if (Boolean(clientId) !== Boolean(accessToken)) {
    throw new UsageError('TASKCLUSTER_CLIENT_ID and TASKCLUSTER_ACCESS_TOKEN must be set together');
  }
  const certificate = env.TASKCLUSTER_CERTIFICATE?.trim();
  if (certificate && !clientId) throw new UsageError('TASKCLUSTER_CERTIFICATE needs TASKCLUSTER_CLIENT_ID and TASKCLUSTER_ACCESS_TOKEN');
  if (certificate) {
    try {
      JSON.parse(certificate);
    } catch {
      throw new UsageError('TASKCLUSTER_CERTIFICATE must be the JSON certificate of temporary credentials');
    }
  }
  return {
    rootUrl: rootUrl.replace(/\/+$/, ''),
    ...(clientId && accessToken ? { credentials: { clientId, accessToken, ...(certificate ? { certificate } : {}) } } : {}),
  };
}
