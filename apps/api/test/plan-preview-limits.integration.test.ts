/**
 * Plan previews cannot stall the API: a plan's capacity units are bounded (a body asking for
 * more is a 400 naming the limit), each client runs a bounded number at once (429 with
 * Retry-After beyond), and the planning runs in a worker thread, not on the event loop.
 */
import { MAX_CAPACITY } from '@spot-provisioner/model';
import { buildApp } from '../src';
import { computePreview, type PreviewRunner } from '../src/preview/preview-runner';
import { MAX_CONCURRENT_PREVIEWS_PER_CLIENT, PREVIEW_RETRY_AFTER_SECONDS } from '../src/preview/preview-limiter';
import { call, launchableDefinition, ROOT, testApiForFile, V1, type Credentials, type TestApi } from './support';

describe('plan previews are bounded', () => {
  const api = testApiForFile('apipreview');

  it(`refuses a definition whose maxCapacity is above MAX_CAPACITY (${MAX_CAPACITY}) with a 400 naming the limit, for preview and create`, async () => {
    const definition = { ...launchableDefinition(api), maxCapacity: MAX_CAPACITY + 1 };
    for (const [method, url] of [
      ['POST', `${V1}/worker-type/too-many/plan-preview`],
      ['PUT', `${V1}/worker-type/too-many`],
    ] as const) {
      const response = await call(api, { method, url, payload: definition, credentials: ROOT });
      expect(response.statusCode).toBe(400);
      expect(response.json().reasons).toEqual([expect.stringMatching(/^body\.maxCapacity: .*at most 10000 .*\(MAX_CAPACITY\)/)]);
    }
    expect(await api.deps.repositories.workerTypes.get('too-many')).toBeNull();
    const atLimit = await call(api, {
      method: 'POST',
      url: `${V1}/worker-type/at-limit/plan-preview`,
      payload: { ...definition, maxCapacity: MAX_CAPACITY },
      credentials: ROOT,
    });
    expect(atLimit.statusCode).toBe(200);
  });

  it(`lets a client run ${MAX_CONCURRENT_PREVIEWS_PER_CLIENT} previews at once and answers 429 with Retry-After beyond, other clients unaffected`, async () => {
    // previews that finish when the test says so, to hold them in flight
    const gates: Array<() => void> = [];
    const held: PreviewRunner = {
      run: async (job) => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return computePreview(job);
      },
      close: async () => undefined,
    };
    const app = await buildApp({ ...api.deps, previewRunner: held });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const target = { baseUrl, clock: api.clock };
    try {
      const viewer = await client(api, 'preview/viewer');
      const other = await client(api, 'preview/other');
      const preview = (credentials: Credentials) =>
        call(target, { method: 'POST', url: `${V1}/worker-type/wt-held/plan-preview`, payload: launchableDefinition(api), credentials });

      const running = Array.from({ length: MAX_CONCURRENT_PREVIEWS_PER_CLIENT }, () => preview(viewer));
      while (gates.length < MAX_CONCURRENT_PREVIEWS_PER_CLIENT) await new Promise((resolve) => setTimeout(resolve, 20));
      const refused = await preview(viewer);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers.get('retry-after')).toBe(String(PREVIEW_RETRY_AFTER_SECONDS));
      expect(refused.json()).toEqual({
        code: 'TooManyRequests',
        message: expect.stringMatching(new RegExp(`preview/viewer has ${MAX_CONCURRENT_PREVIEWS_PER_CLIENT} plan previews running`)),
      });
      const another = preview(other);
      while (gates.length < MAX_CONCURRENT_PREVIEWS_PER_CLIENT + 1) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const open of gates.splice(0)) open();
      expect((await Promise.all([...running, another])).map((response) => response.statusCode)).toEqual(
        Array(MAX_CONCURRENT_PREVIEWS_PER_CLIENT + 1).fill(200),
      );
      // the slots are free again
      const again = preview(viewer);
      while (gates.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      gates.splice(0).forEach((open) => open());
      expect((await again).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

async function client(api: TestApi, clientId: string): Promise<Credentials> {
  const { accessToken } = await api.deps.repositories.clients.create(
    { clientId, scopes: ['aws-provisioner:view-worker-type:*'], description: 'plan-preview limits' },
    api.clock.date(),
  );
  return { clientId, accessToken };
}
