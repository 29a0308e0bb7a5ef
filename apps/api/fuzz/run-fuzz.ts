/**
 * The fuzz stage of scripts/test.sh: schemathesis against a live API on the local engines.
 * Starts moto and DynamoDB Local on free ports, creates tables, starts the API on a free
 * port, runs schemathesis twice (unsigned, then Hawk-signed as root through
 * hawk_hooks.py beside this file) and tears everything down however it ends. Fails on any
 * 5xx and on any response the OpenAPI document does not allow. schemathesis's reports go to
 * .local/fuzz/; the stage prints a line when it starts and, at its end, the failing cases of
 * a failed run and one summary line (report.ts).
 *
 * Environment: FUZZ_MAX_EXAMPLES (per operation and run, default 15), FUZZ_SEED.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateSecurityGroupCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { devKeyring } from '@spot-provisioner/model';
import { engineEnvironment, REPO_ROOT, startEngines, VENV_DIR, type Engines } from '@spot-provisioner/infra';
import { buildApp, createApiDeps } from '../src';
import { DEFAULT_ALLOWED_REGIONS } from '../src/deps';
import { OPENAPI_PATH } from '../src/http/openapi';
import { fuzzStageLines, type FuzzRunResult } from './report';

/** Enough to reach every operation's error paths in a minute or two on a 2-core machine. */
const DEFAULT_MAX_EXAMPLES = 15;
/** A fixed seed keeps CI reproducible; set FUZZ_SEED to explore. */
const DEFAULT_SEED = 20261122;
/** Each schemathesis run must end within this; a hung API must not hang the test command. */
const RUN_TIMEOUT_MS = 8 * 60 * 1000;
/** Generous: a loaded machine answers slowly, and a 503 within it is a pass. */
const REQUEST_TIMEOUT_SECONDS = 30;

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
].join(',');

interface Tally {
  requests: number;
  serverErrors: string[];
  /** Successful answers to requests authenticated as root: proof the signed run really signs. */
  rootSuccesses: number;
}

async function main(): Promise<number> {
  const started = performance.now();
  const workDir = path.join(REPO_ROOT, '.local', 'fuzz');
  mkdirSync(workDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  let child: ChildProcess | undefined;
  const stop = (signal: NodeJS.Signals) => {
    child?.kill(signal);
    void cleanUp(cleanups).then(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    const engines: Engines = await startEngines();
    cleanups.push(() => engines.stop());
    Object.assign(process.env, engineEnvironment(engines));
    await prepareEc2(DEFAULT_ALLOWED_REGIONS);

    const rootAccessToken = randomBytes(24).toString('base64url');
    const deps = createApiDeps({
      region: 'us-east-1',
      tablePrefix: `Fuzz${randomBytes(4).toString('hex')}`,
      keyring: devKeyring(),
      rootAccessToken,
      logger: { level: 'fatal' },
    });
    cleanups.push(async () => deps.close());
    await deps.createTables();
    const app = await buildApp(deps);
    const tally: Tally = { requests: 0, serverErrors: [], rootSuccesses: 0 };
    app.addHook('onResponse', async (request, reply) => {
      tally.requests++;
      if (request.caller?.clientId === 'root' && reply.statusCode < 300) tally.rootSuccesses++;
      if (reply.statusCode >= 500) tally.serverErrors.push(`${reply.statusCode} ${request.method} ${request.routeOptions.url ?? '(no route)'}`);
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.unshift(() => app.close());

    const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? DEFAULT_MAX_EXAMPLES);
    const seed = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
    const runs: { name: string; signed: boolean; env: Record<string, string> }[] = [
      { name: 'unsigned', signed: false, env: {} },
      {
        name: 'signed as root',
        signed: true,
        env: {
          SCHEMATHESIS_HOOKS: 'hawk_hooks',
          PYTHONPATH: __dirname,
          FUZZ_HAWK_ID: 'root',
          FUZZ_HAWK_KEY: rootAccessToken,
        },
      },
    ];
    process.stdout.write(
      `fuzz: schemathesis against the API, ${runs.map((run) => run.name).join(', then ')}, at most ${maxExamples} examples per operation and phase\n`,
    );
    const results: FuzzRunResult[] = [];
    for (const run of runs) {
      const before = tally.requests;
      const rootBefore = tally.rootSuccesses;
      const args = [
        'run',
        `${baseUrl}${OPENAPI_PATH}`,
        '--url',
        baseUrl,
        '--checks',
        CHECKS,
        '--max-examples',
        String(maxExamples),
        '--seed',
        String(seed),
        '--phases',
        'examples,coverage,fuzzing',
        // One worker: hypothesis describes strategies with ast.parse, which CPython 3.11 can break across threads.
        '--workers',
        '1',
        '--suppress-health-check',
        'all',
        '--request-timeout',
        String(REQUEST_TIMEOUT_SECONDS),
        '--no-color',
      ];
      // schemathesis's report goes to a file: printed, its pytest-style closing line would read as another runner's summary.
      const reportPath = path.join(workDir, `schemathesis-${run.signed ? 'signed' : 'unsigned'}.txt`);
      const report = openSync(reportPath, 'w');
      const code = await new Promise<number>((resolve) => {
        child = spawn(path.join(VENV_DIR, 'bin', 'schemathesis'), args, {
          cwd: workDir,
          env: { ...process.env, ...run.env, SCHEMATHESIS_TELEMETRY: 'false' },
          stdio: ['ignore', report, report],
        });
        const timer = setTimeout(() => child?.kill('SIGTERM'), RUN_TIMEOUT_MS);
        child.on('exit', (exitCode, signal) => {
          clearTimeout(timer);
          resolve(exitCode ?? (signal ? 1 : 0));
        });
        child.on('error', () => resolve(127));
      });
      child = undefined;
      closeSync(report);
      results.push({
        name: run.name,
        requests: tally.requests - before,
        exitCode: code,
        reportPath: path.relative(REPO_ROOT, reportPath),
        report: readFileSync(reportPath, 'utf8'),
        neverAuthenticated: run.signed && tally.rootSuccesses === rootBefore,
      });
    }

    const seconds = Math.round((performance.now() - started) / 1000);
    for (const line of fuzzStageLines(results, tally.serverErrors, seconds)) process.stdout.write(`${line}\n`);
    const failed = results.some((run) => run.exitCode !== 0 || run.neverAuthenticated);
    return !failed && tally.serverErrors.length === 0 ? 0 : 1;
  } finally {
    await cleanUp(cleanups);
  }
}

async function cleanUp(cleanups: (() => Promise<void>)[]): Promise<void> {
  while (cleanups.length > 0) {
    const next = cleanups.shift();
    await next?.().catch((error: unknown) => process.stderr.write(`fuzz: cleanup failed: ${String(error)}\n`));
  }
}

/** One AMI and the 'ci-workers' group per region, so valid definitions can be stored. */
async function prepareEc2(regions: readonly string[]): Promise<void> {
  for (const region of regions) {
    const ec2 = new EC2Client({ region });
    await ec2.send(new RegisterImageCommand({ Name: `fuzz-${region}`, RootDeviceName: '/dev/xvda' }));
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ci-workers', Description: 'fuzz' }));
    ec2.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
