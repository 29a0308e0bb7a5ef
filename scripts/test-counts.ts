/**
 * The closing lines of scripts/test.sh: `node scripts/test-counts.ts <label>=<jest --json file> ...`.
 *
 * Every jest run of the command (the whole suite under this machine's Node, the unit projects
 * again under the current LTS Node) is counted in the last line, so a failure under either
 * shows there: `jest: N passed, N failed, N skipped`. When more than one run is counted, the
 * line before it says how the total is made up. A run whose results file is missing (jest
 * could not start) is named, and counts as one failure so the total cannot read as a pass.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface JestCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface CountedRun {
  /** Who ran it, e.g. `Node v20.19.5` */
  readonly label: string;
  /** undefined: jest wrote no results (it could not start, or was killed) */
  readonly counts: JestCounts | undefined;
}

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites?: number;
}

/** The counts of one `jest --json` results file; a suite that failed to run counts as a failure. */
export function countsOf(results: JestJson): JestCounts {
  return {
    passed: results.numPassedTests,
    failed: results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0),
    skipped: results.numPendingTests + results.numTodoTests,
  };
}

export function closingLines(runs: readonly CountedRun[]): string[] {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const run of runs) {
    const counts = run.counts ?? { passed: 0, failed: 1, skipped: 0 };
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  const lines: string[] = [];
  if (runs.length > 1) {
    const parts = runs.map((run) => {
      if (!run.counts) return `${run.label}: no results (counted as one failure)`;
      return `${run.label}: ${run.counts.passed + run.counts.failed + run.counts.skipped} tests`;
    });
    lines.push(`jest: the counts below add up ${runs.length} runs: ${parts.join('; ')}`);
  }
  lines.push(`jest: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return lines;
}

export function readRun(label: string, file: string): CountedRun {
  if (!existsSync(file)) return { label, counts: undefined };
  return { label, counts: countsOf(JSON.parse(readFileSync(file, 'utf8')) as JestJson) };
}

if (require.main === module) {
  const runs = process.argv.slice(2).map((arg) => {
    const at = arg.indexOf('=');
    return readRun(arg.slice(0, at), arg.slice(at + 1));
  });
  for (const line of closingLines(runs)) console.log(line);
}
