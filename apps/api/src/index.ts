/**
 * @spot-provisioner/api: the AWS Provisioner API v1 (Taskcluster-compatible) as an
 * importable Fastify app. `buildApp(createApiDeps({...}))` gives a real API for tests.
 */
export { buildApp, MAX_BODY_BYTES, type AppDeps } from './app';
export {
  createApiDeps,
  DEFAULT_ALLOWED_REGIONS,
  DEFAULT_PORT,
  DEFAULT_PROVISIONER_ID,
  DEFAULT_ROOT_CLIENT_ID,
  type ApiDeps,
  type ApiSettings,
} from './deps';
export type { ApiConfig, ApiRepositories } from './context';
export { AwsEc2ReferenceChecker, type Ec2ReferenceChecker, type Ec2References } from './ec2/ec2-checker';
export { startServer, type ListenOptions } from './server';
export { issueTemporaryCredentials, verifyCertificate, type TemporaryCredentials } from './auth/temporary-credentials';
export { scopeSatisfies, satisfiesExpression, type ScopeExpression } from './auth/scopes';
export { redactUrl } from './http/logging';
export { WORKER_CREDENTIALS_VALIDITY_MS } from './routes/secrets';
