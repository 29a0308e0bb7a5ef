/**
 * The fuzz stage without its process around it (run-fuzz.ts starts the engines and prints):
 * prepares the engines for the OpenAPI document's examples, starts this API on a free port,
 * writes the document fitted to the engines (fuzz-document.ts) and runs schemathesis against
 * it, run after run, counting every answer. A test runs it against an API with a planted
 * fault (test/fuzz-finds-deep-fault.integration.test.ts).
 *
 * Before each run the stage puts the example resources back (engine-state.ts): the previous
 * run took the example secret and may have changed the worker types.
 */
import type { ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { devKeyring } from '@spot-provisioner/model';
import { REPO_ROOT } from '@spot-provisioner/infra';
import { buildApp, createApiDeps } from '../src';
import { OPENAPI_PATH } from '../src/http/openapi';
import { documentedOperations, OperationCoverage, type OpenApiPaths } from './coverage';
import { exampleDecision, prepareEc2, restoreExamples } from './engine-state';
import { fuzzDocument, STANDING_WORKER_TYPE } from './fuzz-document';
import { fuzzStageLines, type FuzzRunResult, type OperationReach } from './report';
import { runSchemathesis, type Phase } from './schemathesis';

/** Each schemathesis run must end within this; a hung API must not hang the test command. */
const RUN_TIMEOUT_MS = 8 * 60 * 1000;

export interface PlannedRun {
  /** As the summary line names it, e.g. 'signed as root'. */
  readonly name: string;
  /** Its report: .local/fuzz/schemathesis-<file>.txt */
  readonly file: string;
  readonly signed: boolean;
  readonly phases: readonly Phase[];
  readonly maxExamples: number;
  /** A time budget for the run (the stateful phase repeats its call chains until it is spent). */
  readonly maxSeconds?: number;
  /** Only these operations (operationIds); all when absent. */
  readonly operations?: readonly string[];
  /** More schemathesis options, e.g. `--no-shrink`. */
  readonly extraArgs?: readonly string[];
  /** Put the example resources back first. */
  readonly restore?: boolean;
}

/** Call chains per hypothesis run of the stateful phase; it runs again and again until its time budget is spent. */
const STATEFUL_SCENARIOS_PER_RUN = 40;

/** The test command's runs: unsigned, signed as root, then call chains (signed), each from the example resources. */
export function stageRuns(maxExamples: number, statefulSeconds: number): PlannedRun[] {
  const stateless: Phase[] = ['examples', 'coverage', 'fuzzing'];
  return [
    { name: 'unsigned', file: 'unsigned', signed: false, phases: stateless, maxExamples, restore: true },
    { name: 'signed as root', file: 'signed', signed: true, phases: stateless, maxExamples, restore: true },
    {
      name: 'stateful',
      file: 'stateful',
      signed: true,
      phases: ['stateful'],
      maxExamples: STATEFUL_SCENARIOS_PER_RUN,
      maxSeconds: statefulSeconds,
      restore: true,
    },
  ];
}

export interface FuzzStageOptions {
  readonly runs: readonly PlannedRun[];
  readonly seed: number;
  /** Regions the API manages (and the stage prepares in the EC2 engine). */
  readonly regions: readonly string[];
  /** Where the fitted document and the reports go. */
  readonly workDir: string;
  /** Told of each schemathesis child as it starts and ends, so a signal can stop it. */
  onChild?(child: ChildProcess | undefined): void;
  /** Called with the app before it listens, e.g. for a test to watch the answers. */
  prepareApp?(app: FastifyInstance): void;
}

export interface FuzzStageResult {
  readonly runs: readonly FuzzRunResult[];
  /** `<status> <method> <route>` of every 5xx answer. */
  readonly serverErrors: readonly string[];
  readonly reach: OperationReach;
  /** What the stage prints at its end (report.ts). */
  readonly lines: readonly string[];
  readonly failed: boolean;
}

/** Runs the stage against engines the AWS SDK's environment points at. */
export async function runFuzzStage(options: FuzzStageOptions): Promise<FuzzStageResult> {
  const started = performance.now();
  mkdirSync(options.workDir, { recursive: true });
  const now = new Date();
  const engineState = await prepareEc2(options.regions, now);
  const rootAccessToken = randomBytes(24).toString('base64url');
  const deps = createApiDeps({
    region: options.regions[0] ?? 'us-east-1',
    tablePrefix: `Fuzz${randomBytes(4).toString('hex')}`,
    keyring: devKeyring(),
    rootAccessToken,
    allowedRegions: options.regions,
    logger: { level: 'fatal' },
  });
  try {
    await deps.createTables();
    await deps.repositories.decisions.put(exampleDecision(options.regions, now));
    const app = await buildApp(deps);
    try {
      const tally = { requests: 0, serverErrors: [] as string[], rootSuccesses: 0 };
      let coverage = new OperationCoverage([]);
      app.addHook('onResponse', async (request, reply) => {
        tally.requests++;
        coverage.record(request.method, request.routeOptions.url, reply.statusCode);
        if (request.caller?.clientId === 'root' && reply.statusCode < 300) tally.rootSuccesses++;
        if (reply.statusCode >= 500) tally.serverErrors.push(`${reply.statusCode} ${request.method} ${request.routeOptions.url ?? '(no route)'}`);
      });
      options.prepareApp?.(app);
      const document = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json<OpenApiPaths>();
      coverage = new OperationCoverage(documentedOperations(document));
      tally.requests = 0;
      const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
      const documentPath = path.join(options.workDir, 'openapi.json');
      writeFileSync(documentPath, JSON.stringify(fuzzDocument(document, engineState), null, 1));

      const hooks = { SCHEMATHESIS_HOOKS: 'fuzz_hooks', PYTHONPATH: __dirname, FUZZ_STANDING_WORKER_TYPE: STANDING_WORKER_TYPE };
      const hawk = { FUZZ_HAWK_ID: deps.config.rootClientId, FUZZ_HAWK_KEY: rootAccessToken };
      const results: FuzzRunResult[] = [];
      for (const run of options.runs) {
        if (run.restore) await restoreExamples(deps.repositories, engineState, new Date());
        const before = tally.requests;
        const rootBefore = tally.rootSuccesses;
        const reportPath = path.join(options.workDir, `schemathesis-${run.file}.txt`);
        const outcome = await runSchemathesis({
          document: documentPath,
          baseUrl,
          phases: run.phases,
          maxExamples: run.maxExamples,
          maxSeconds: run.maxSeconds,
          operations: run.operations,
          extraArgs: run.extraArgs,
          seed: options.seed,
          reportPath,
          workDir: options.workDir,
          env: run.signed ? { ...hooks, ...hawk } : hooks,
          timeoutMs: RUN_TIMEOUT_MS,
          onChild: options.onChild,
        });
        results.push({
          name: run.name,
          requests: tally.requests - before,
          exitCode: outcome.exitCode,
          reportPath: path.relative(REPO_ROOT, reportPath),
          report: outcome.report,
          neverAuthenticated: run.signed && tally.rootSuccesses === rootBefore,
        });
      }
      const seconds = Math.round((performance.now() - started) / 1000);
      const reach = { total: coverage.operations.length, never: coverage.neverAnswered() };
      const failed = tally.serverErrors.length > 0 || results.some((run) => run.exitCode !== 0 || run.neverAuthenticated);
      return { runs: results, serverErrors: tally.serverErrors, reach, lines: fuzzStageLines(results, tally.serverErrors, seconds, reach), failed };
    } finally {
      await app.close();
    }
  } finally {
    deps.close();
  }
}
