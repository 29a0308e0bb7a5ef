import { redactUrl } from '../src';

describe('redactUrl', () => {
  it.each([
    ['/api/aws-provisioner/v1/secret/WnRqYnDCSh-Uu3-vNnYAsw', '/api/aws-provisioner/v1/secret/[redacted]'],
    ['/v1/instance-started/i-0123abcd/WnRqYnDCSh-Uu3-vNnYAsw', '/v1/instance-started/i-0123abcd/[redacted]'],
    ['/v1/worker-type/x?bewit=abc&other=1', '/v1/worker-type/x?bewit=[redacted]&other=1'],
    ['/v1/worker-type/x', '/v1/worker-type/x'],
  ])('hides the capability in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
