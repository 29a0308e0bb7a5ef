/**
 * `pnpm bench`: runs every benchmark and prints one JSON object per line.
 * Each package's bench/index.ts exports `run(print)`; figures go to stdout, never into tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { withEngines } from '@spot-provisioner/infra';

type Print = (result: Record<string, unknown>) => void;
interface BenchModule {
  run(print: Print): Promise<void>;
}

const SUITES = ['packages/bidding/bench', 'apps/provisioner/bench', 'apps/simulator/bench', 'apps/api/bench'];
/** Suites that talk to the engines: started once for all of them, unless the environment points at some. */
const NEEDS_ENGINES = new Set(['apps/api/bench', 'apps/provisioner/bench']);

async function main(): Promise<void> {
  const only = process.argv[2];
  const print: Print = (result) => console.log(JSON.stringify(result));
  const suites = SUITES.filter((suite) => (!only || suite.includes(only)) && existsSync(path.join(__dirname, '..', suite, 'index.ts')));
  const runSuites = async () => {
    for (const suite of suites) {
      const mod = (await import(path.join(__dirname, '..', suite, 'index.ts'))) as BenchModule;
      await mod.run(print);
    }
  };
  if (suites.some((suite) => NEEDS_ENGINES.has(suite))) await withEngines(runSuites);
  else await runSuites();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
