import taskcluster from 'taskcluster-client';
import { isAuthenticationError } from '../../src/auth/errors';
import { issueTemporaryCredentials, verifyCertificate, type IssuerCredentials } from '../../src/auth/temporary-credentials';

const issuer: IssuerCredentials = { clientId: 'issuer', accessToken: 'issuer-access-token', scopes: ['aws-provisioner:*', 'auth:create-client:named/*'] };
const lookup = async (id: string) => (id === issuer.clientId ? issuer : undefined);
const now = new Date('2026-11-22T09:00:00.000Z');
const SKEW_MS = 15 * 60_000;
const hour = 3600_000;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(isAuthenticationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the certificate to be refused');
}

describe('temporary credentials', () => {
  it('verifies certificates made by taskcluster-client and derives the same access token', async () => {
    for (const clientId of [undefined, 'named/worker']) {
      const made = taskcluster.createTemporaryCredentials({
        credentials: { clientId: issuer.clientId, accessToken: issuer.accessToken },
        scopes: ['aws-provisioner:view-worker-type:a', 'aws-provisioner:view-worker-type:b'],
        start: now,
        expiry: new Date(now.getTime() + hour),
        ...(clientId ? { clientId } : {}),
      });
      const verified = await verifyCertificate(made.clientId, made.certificate, now, SKEW_MS, lookup);
      expect(verified.accessToken).toBe(made.accessToken);
      expect(verified.scopes).toEqual(['aws-provisioner:view-worker-type:a', 'aws-provisioner:view-worker-type:b']);
      expect(verified.issuer).toBe('issuer');
    }
  });

  it('issues certificates with the fields taskcluster-client writes, which verify', async () => {
    const issued = issueTemporaryCredentials({ issuer, scopes: ['aws-provisioner:x'], start: now, expiry: new Date(now.getTime() + hour) });
    const cert = JSON.parse(issued.certificate);
    expect(Object.keys(cert)).toEqual(['version', 'scopes', 'start', 'expiry', 'seed', 'signature']);
    expect(cert.seed).toHaveLength(44);
    const verified = await verifyCertificate(issued.clientId, issued.certificate, now, SKEW_MS, lookup);
    expect(verified.accessToken).toBe(issued.accessToken);

    const named = issueTemporaryCredentials({ issuer, clientId: 'named/w', scopes: [], start: now, expiry: new Date(now.getTime() + hour) });
    expect(Object.keys(JSON.parse(named.certificate))).toEqual(['version', 'scopes', 'start', 'expiry', 'seed', 'signature', 'issuer']);
    await expect(verifyCertificate('named/w', named.certificate, now, SKEW_MS, lookup)).resolves.toMatchObject({ issuer: 'issuer' });
  });

  it('refuses to issue credentials spanning more than 31 days', () => {
    expect(() => issueTemporaryCredentials({ issuer, scopes: [], start: now, expiry: new Date(now.getTime() + 32 * 24 * hour) })).toThrow(/31 days/);
  });

  it('refuses expired, not yet valid, too long, tampered and overreaching certificates', async () => {
    const make = (overrides: { scopes?: string[]; start?: Date; expiry?: Date } = {}) =>
      issueTemporaryCredentials({
        issuer,
        scopes: overrides.scopes ?? ['aws-provisioner:x'],
        start: overrides.start ?? now,
        expiry: overrides.expiry ?? new Date(now.getTime() + hour),
      });
    const expired = make({ start: new Date(now.getTime() - 3 * hour), expiry: new Date(now.getTime() - hour) });
    expect(await failure(verifyCertificate('issuer', expired.certificate, now, SKEW_MS, lookup))).toBe('certificate: expired');
    const future = make({ start: new Date(now.getTime() + hour), expiry: new Date(now.getTime() + 2 * hour) });
    expect(await failure(verifyCertificate('issuer', future.certificate, now, SKEW_MS, lookup))).toBe('certificate: not valid yet');

    const tampered = JSON.parse(make().certificate);
    tampered.scopes = ['*'];
    expect(await failure(verifyCertificate('issuer', tampered, now, SKEW_MS, lookup))).toBe('certificate: bad signature');

    const overreaching = make({ scopes: ['queue:*'] });
    expect(await failure(verifyCertificate('issuer', overreaching.certificate, now, SKEW_MS, lookup))).toMatch(/does not hold/);

    const long = { ...JSON.parse(make().certificate), expiry: now.getTime() + 40 * 24 * hour };
    expect(await failure(verifyCertificate('issuer', long, now, SKEW_MS, lookup))).toMatch(/31 days/);
    expect(await failure(verifyCertificate('issuer', '{"version": 2}', now, SKEW_MS, lookup))).toMatch(/version must be 1/);
    expect(await failure(verifyCertificate('stranger', make().certificate, now, SKEW_MS, lookup))).toBe('certificate: unknown issuer stranger');
  });
});
