/**
 * One schemathesis run, its report written to a file: printed, its pytest-style closing line
 * would read as another test runner's summary (report.ts prints what the stage shows).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VENV_DIR } from '@spot-provisioner/infra';

/** Generous: a loaded machine answers slowly, and a 503 within it is a pass. */
const REQUEST_TIMEOUT_SECONDS = 30;

/** What the API must never do, whatever it is sent. */
export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
] as const;

export type Phase = 'examples' | 'coverage' | 'fuzzing' | 'stateful';

export interface SchemathesisRun {
  /** The OpenAPI document (a file path or URL). */
  readonly document: string;
  readonly baseUrl: string;
  readonly phases: readonly Phase[];
  readonly maxExamples: number;
  /** A time budget: the fuzzing and stateful phases repeat until it is spent. */
  readonly maxSeconds?: number | undefined;
  /** Only these operations (operationIds); all when absent. */
  readonly operations?: readonly string[] | undefined;
  /** More schemathesis options, e.g. `--no-shrink`. */
  readonly extraArgs?: readonly string[] | undefined;
  readonly seed: number;
  readonly reportPath: string;
  /** Where schemathesis runs (its caches go there). */
  readonly workDir: string;
  readonly env: Record<string, string>;
  /** The run is killed after this long: a hung API must not hang the test command. */
  readonly timeoutMs: number;
  /** Set when a child is started, so a signal can stop it. */
  onChild?(child: ChildProcess | undefined): void;
}

export interface SchemathesisOutcome {
  readonly exitCode: number;
  readonly report: string;
}

/** Settings the CLI has no option for. */
const CONFIG_FILE = path.join(__dirname, 'schemathesis.toml');

/** Added to every run, e.g. `--report har` to keep every request and answer (README, "Fuzz stage"). */
const EXTRA_ARGS_VARIABLE = 'FUZZ_SCHEMATHESIS_ARGS';

export function schemathesisArgs(
  run: Pick<SchemathesisRun, 'document' | 'baseUrl' | 'phases' | 'maxExamples' | 'maxSeconds' | 'operations' | 'extraArgs' | 'seed'>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  return [
    '--config-file',
    CONFIG_FILE,
    'run',
    run.document,
    '--url',
    run.baseUrl,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(run.maxExamples),
    '--seed',
    String(run.seed),
    '--phases',
    run.phases.join(','),
    // One worker: hypothesis describes strategies with ast.parse, which CPython 3.11 can break across threads.
    '--workers',
    '1',
    '--suppress-health-check',
    'all',
    '--request-timeout',
    String(REQUEST_TIMEOUT_SECONDS),
    '--no-color',
    ...(run.maxSeconds !== undefined ? ['--max-time', String(run.maxSeconds)] : []),
    ...(run.operations ?? []).flatMap((id) => ['--include-operation-id', id]),
    ...(run.extraArgs ?? []),
    ...(env[EXTRA_ARGS_VARIABLE]?.split(/\s+/).filter(Boolean) ?? []),
  ];
}

export async function runSchemathesis(run: SchemathesisRun): Promise<SchemathesisOutcome> {
  const report = openSync(run.reportPath, 'w');
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(path.join(VENV_DIR, 'bin', 'schemathesis'), schemathesisArgs(run), {
      cwd: run.workDir,
      env: { ...process.env, ...run.env, SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', report, report],
    });
    run.onChild?.(child);
    const timer = setTimeout(() => child.kill('SIGTERM'), run.timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(127);
    });
  });
  run.onChild?.(undefined);
  closeSync(report);
  return { exitCode, report: readFileSync(run.reportPath, 'utf8') };
}
