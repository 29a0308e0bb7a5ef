/**
 * The client core against a live API (its own Hawk authenticator, scopes and error bodies)
 * over DynamoDB Local: signatures with and without a body are accepted, temporary
 * credentials and authorizedScopes narrow what is allowed, a body swapped under a valid
 * signature is refused, and the API's errors arrive typed.
 */
import { issueTemporaryCredentials } from '@spot-provisioner/api';
import { ROOT, testApiForFile } from '@spot-provisioner/api/testing';
import { workerTypeDefinition } from '@spot-provisioner/testing';
import { isApiError, ProvisionerApi, type Credentials, type FetchLike } from '../src';

const HOUR = 3_600_000;

/** Accepted by plan-preview, which checks no EC2 reference: no AMI needs to exist. */
const definition = workerTypeDefinition(undefined, { maxCapacity: 4, maxPrice: 0.5 });

describe('the client core against a live API', () => {
  // its clock runs: temporary credentials are issued and checked in real time
  const live = testApiForFile('apiclient', { ec2: false, running: true, settings: { logger: false } });
  let rootUrl: string;
  beforeAll(() => {
    rootUrl = live.baseUrl;
  });

  const api = (credentials?: Credentials, fetch?: FetchLike) => new ProvisionerApi({ rootUrl, ...(credentials ? { credentials } : {}), ...(fetch ? { fetch } : {}) });
  const temporary = (scopes: string[]) => issueTemporaryCredentials({ issuer: ROOT, scopes, start: new Date(Date.now() - 60_000), expiry: new Date(Date.now() + HOUR) });

  it('is accepted signing a request without a body and one with a body (payload hash checked)', async () => {
    const missing = await api(ROOT).workerType('api-client-none').catch((e: unknown) => e);
    expect(isApiError(missing, 404)).toBe(true);
    expect(missing).toMatchObject({ code: 'ResourceNotFound' });

    const preview = await api(ROOT).planPreview('api-client-preview', definition);
    expect(preview).toMatchObject({ workerType: 'api-client-preview', decision: { workerType: 'api-client-preview', outcomes: [] } });
  });

  it('is refused when the body is changed after signing', async () => {
    const swapBody: FetchLike = (url, init) => fetch(url, { ...init, body: JSON.stringify({ ...definition, maxCapacity: 400 }) });
    const error = await api(ROOT, swapBody).planPreview('api-client-preview', definition).catch((e: unknown) => e);
    expect(isApiError(error, 401)).toBe(true);
    expect((error as Error).message).toMatch(/payload/i);
  });

  it('turns a wrong token into a 401 and validation failures into every reason', async () => {
    await expect(api({ ...ROOT, accessToken: 'wrong' }).decision('anything')).rejects.toMatchObject({ status: 401 });
    const invalid = await api(ROOT).planPreview('api-client-invalid', { ...definition, maxCapacity: -1, scalingRatio: 'lots' }).catch((e: unknown) => e);
    expect(isApiError(invalid, 400)).toBe(true);
    expect((invalid as { reasons: string[] }).reasons.join('\n')).toMatch(/maxCapacity[\s\S]*scalingRatio|scalingRatio[\s\S]*maxCapacity/);
    expect((invalid as Error).message).not.toContain('\n');
  });

  it('signs with temporary credentials the API issued, limited to their scopes', async () => {
    const viewer = temporary(['aws-provisioner:view-worker-type:api-client-*']);
    await expect(api(viewer).decision('api-client-viewed')).resolves.toBeNull();
    await expect(api(viewer).decision('other-type')).rejects.toMatchObject({ status: 403 });
    await expect(api(viewer).createWorkerType('api-client-viewed', definition)).rejects.toMatchObject({ status: 403 });
  });

  it('narrows root to its authorizedScopes', async () => {
    const narrowed = { ...ROOT, authorizedScopes: ['aws-provisioner:view-worker-type:api-client-a*'] };
    await expect(api(narrowed).historyPage('api-client-a1', { since: new Date(Date.now() - HOUR) })).resolves.toMatchObject({ points: [] });
    await expect(api(narrowed).historyPage('api-client-b1', { since: new Date(Date.now() - HOUR) })).rejects.toMatchObject({ status: 403 });
  });

  it('checks credentials: accepted with or without view scopes, refused with a wrong token', async () => {
    await expect(api().checkCredentials(ROOT)).resolves.toEqual({ accepted: true, canView: true });
    await expect(api().checkCredentials(temporary([]))).resolves.toEqual({ accepted: true, canView: false });
    const wrong = await api().checkCredentials({ ...ROOT, accessToken: 'wrong' });
    expect(wrong.accepted).toBe(false);
    expect(!wrong.accepted && wrong.error.status).toBe(401);
  });

  it('reads the v1 calls the console and the CLI use', async () => {
    await expect(api().listWorkerTypes()).resolves.toEqual([]);
    await expect(api().listWorkerTypeSummaries()).resolves.toEqual([]);
    await expect(api().backendStatus()).resolves.toEqual({ status: 'unknown', lastCheckedIn: null });
    await expect(api().state('api-client-none')).rejects.toMatchObject({ status: 404, code: 'ResourceNotFound' });
  });
});
