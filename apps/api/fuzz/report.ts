/**
 * What the fuzz stage prints. schemathesis's own report goes to a file: it ends in a
 * pytest-style closing line (`==== 2 warnings in 14.32s ====`) that tools reading a run's
 * last lines take for a test runner that ran nothing. The stage prints one summary line of
 * its own, and when a run fails, that run's failing cases (or errors) from the report, none
 * of whose lines may read like a runner's summary either.
 */
import { resemblesRunnerSummary } from '@spot-provisioner/testing';

export interface FuzzRunResult {
  /** e.g. 'unsigned', 'signed as root' */
  readonly name: string;
  readonly requests: number;
  readonly exitCode: number;
  /** Relative to the repository root. */
  readonly reportPath: string;
  /** schemathesis's full report. */
  readonly report: string;
  /** Set when the run had to authenticate and never did: the signing hook is broken. */
  readonly neverAuthenticated?: boolean;
}

/** A failing case's details beyond this many lines are in the report file. */
const MAX_CASE_LINES = 60;
const BANNER = /^=+ (.+?) =+$/;
const PREFIX = 'fuzz: | ';

/** The lines that explain a failed run: the FAILURES and ERRORS sections, else the report's end. */
export function failingCases(report: string): string[] {
  const lines = report.split('\n');
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  const preamble: string[] = [];
  for (const line of lines) {
    const banner = BANNER.exec(line.trim());
    if (banner) {
      current = [];
      sections.set(banner[1] ?? '', current);
      continue;
    }
    (current ?? preamble).push(line);
  }
  const wanted = [...(sections.get('FAILURES') ?? []), ...(sections.get('ERRORS') ?? [])];
  // No such section: schemathesis stopped before testing (an unreachable API, a bad document).
  const body = trimBlank(wanted.length > 0 ? wanted : preamble.slice(-MAX_CASE_LINES));
  const shown = body.slice(0, MAX_CASE_LINES).map((line) => (resemblesRunnerSummary(line) ? '(a line that reads like a test summary: see the report)' : line));
  if (body.length > MAX_CASE_LINES) shown.push(`… ${body.length - MAX_CASE_LINES} more lines in the report`);
  return shown.map((line) => `${PREFIX}${line}`.trimEnd());
}

/** How many of the document's operations answered 2xx at least once (coverage.ts). */
export interface OperationReach {
  readonly total: number;
  /** operationIds that never answered 2xx. */
  readonly never: readonly string[];
}

/** The stage's one summary line: requests, 5xx, operations that answered 2xx, failures, its duration and the reports' paths. */
export function fuzzSummaryLine(runs: readonly FuzzRunResult[], serverErrors: number, seconds: number, reach: OperationReach): string {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const perRun = runs.map((run) => `${run.requests} ${run.name}`).join(', ');
  const failed = runs.flatMap((run) => {
    if (run.exitCode !== 0) return [`${run.name} (schemathesis exit ${run.exitCode})`];
    if (run.neverAuthenticated) return [`${run.name} (never authenticated: the signing hook is broken)`];
    return [];
  });
  return (
    `fuzz: ${requests} requests (${perRun}), ${serverErrors} answered 5xx, ${reachText(reach)}, ` +
    `failing runs: ${failed.length > 0 ? failed.join(', ') : 'none'}, ${seconds} s; ` +
    `reports ${runs.map((run) => run.reportPath).join(', ')}`
  );
}

function reachText({ total, never }: OperationReach): string {
  const text = `${total - never.length}/${total} operations answered 2xx`;
  return never.length > 0 ? `${text} (never: ${never.join(', ')})` : text;
}

/** Everything the stage prints after its runs: failing cases of failed runs, distinct 5xx routes, the summary line. */
export function fuzzStageLines(runs: readonly FuzzRunResult[], serverErrors: readonly string[], seconds: number, reach: OperationReach): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    if (run.exitCode === 0) continue;
    lines.push(`fuzz: ${run.name}: what schemathesis found (full report: ${run.reportPath})`, ...failingCases(run.report));
  }
  for (const route of new Set(serverErrors)) lines.push(`fuzz: 5xx: ${route}`);
  lines.push(fuzzSummaryLine(runs, serverErrors.length, seconds, reach));
  return lines;
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start]?.trim()) start++;
  while (end > start && !lines[end - 1]?.trim()) end--;
  return lines.slice(start, end);
}
