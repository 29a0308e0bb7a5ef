/**
 * The fuzz stage of scripts/test.sh (also `corepack pnpm fuzz`): starts moto and DynamoDB
 * Local on free ports, runs the stage (fuzz-stage.ts: this API on a free port, schemathesis
 * against its OpenAPI document fitted to the engines, unsigned, then each signed phase, then
 * stateful call chains along the document's links) and tears everything down however it ends.
 * Fails on any 5xx and on any response the OpenAPI document does not allow. schemathesis's
 * reports go to .local/fuzz/; the stage prints a line when it starts and, at its end, the
 * failing cases of a failed run and one summary line (report.ts) with the requests, the 5xx,
 * how many operations answered 2xx (coverage.ts) and the failing runs.
 *
 * Environment: FUZZ_MAX_EXAMPLES (per operation and phase, default 15), FUZZ_STATEFUL_SECONDS
 * (the stateful run's time budget, default 30), FUZZ_SEED, FUZZ_SCHEMATHESIS_ARGS (added to
 * every schemathesis run, e.g. `--report har`).
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { engineEnvironment, REPO_ROOT, startEngines, type Engines } from '@spot-provisioner/infra';
import { DEFAULT_ALLOWED_REGIONS } from '../src/deps';
import { runFuzzStage, stageRuns } from './fuzz-stage';

/** Enough to reach every operation's error paths in a minute or two on a 2-core machine. */
const DEFAULT_MAX_EXAMPLES = 15;
/** The stateful run repeats call chains (each at most schemathesis's 6 calls) this long: a few hundred requests on a 2-core machine. */
const DEFAULT_STATEFUL_SECONDS = 30;
/** A fixed seed keeps CI reproducible; set FUZZ_SEED to explore. */
const DEFAULT_SEED = 20261122;

async function main(): Promise<number> {
  let engines: Engines | undefined;
  let child: ChildProcess | undefined;
  const stop = () => {
    child?.kill('SIGTERM');
    void (engines?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    engines = await startEngines();
    Object.assign(process.env, engineEnvironment(engines));
    const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? DEFAULT_MAX_EXAMPLES);
    const statefulSeconds = Number(process.env.FUZZ_STATEFUL_SECONDS ?? DEFAULT_STATEFUL_SECONDS);
    process.stdout.write(
      `fuzz: schemathesis against the API, unsigned, then signed as root (at most ${maxExamples} examples per operation and phase), ` +
        `then ${statefulSeconds} s of stateful call chains along the document's links\n`,
    );
    const result = await runFuzzStage({
      runs: stageRuns(maxExamples, statefulSeconds),
      seed: Number(process.env.FUZZ_SEED ?? DEFAULT_SEED),
      regions: DEFAULT_ALLOWED_REGIONS,
      workDir: path.join(REPO_ROOT, '.local', 'fuzz'),
      onChild: (running) => (child = running),
    });
    for (const line of result.lines) process.stdout.write(`${line}\n`);
    return result.failed ? 1 : 0;
  } finally {
    await engines?.stop().catch((error: unknown) => process.stderr.write(`fuzz: stopping the engines failed: ${String(error)}\n`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
