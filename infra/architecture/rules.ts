/**
 * docs/architecture.md's rules as checks over the import graph (./import-graph.ts). Each
 * violation names the importing file, its line and what it imports, and the rule it breaks.
 */
import type { ImportEdge, Part, SourceFile, Workspace } from './import-graph';

export interface Violation {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

export interface Rule {
  /** The rule as docs/architecture.md states it. */
  readonly statement: string;
  check(workspace: Workspace): Violation[];
}

const BIDDING = '@spot-provisioner/bidding';
const PLANNER = '@spot-provisioner/planner';
const MODEL = '@spot-provisioner/model';
const CONFIG = '@spot-provisioner/config';
const EC2_GATEWAY = '@spot-provisioner/ec2-gateway';
const TESTING = '@spot-provisioner/testing';
const SIMULATOR = '@spot-provisioner/simulator';
const PROVISIONER = '@spot-provisioner/provisioner';

/** An import of another part of ours. */
const toOtherPart = (edge: ImportEdge): Part | undefined =>
  edge.target.kind === 'part' && edge.target.part !== edge.from.part ? edge.target.part : undefined;

const isDev = (file: SourceFile) => file.role === 'dev';

/** A rule over single imports: `breaks` says whether one import breaks it. */
function importRule(statement: string, breaks: (edge: ImportEdge) => boolean): Rule {
  return {
    statement,
    check: (workspace) =>
      workspace.imports.filter(breaks).map((edge) => ({ rule: statement, file: edge.from.path, line: edge.line, specifier: edge.specifier })),
  };
}

/** A value import of an AWS SDK client class (or of the whole module, which may build one). */
function buildsAwsClient(edge: ImportEdge): boolean {
  return (
    edge.target.kind === 'external' &&
    /^@aws-sdk\/(client-|lib-)/.test(edge.target.module) &&
    edge.names.some((name) => name === '*' || /Client$/.test(name))
  );
}

export const RULES: readonly Rule[] = [
  importRule(
    'bidding imports nothing of ours but types (its tests and benchmarks may use packages/testing)',
    (edge) => edge.from.part.name === BIDDING && toOtherPart(edge) !== undefined && !edge.typeOnly && !(isDev(edge.from) && toOtherPart(edge)?.name === TESTING),
  ),
  importRule(
    'bidding and planner are pure: their code imports no module from outside the workspace (no AWS SDK, logger, clock or I/O)',
    (edge) => [BIDDING, PLANNER].includes(edge.from.part.name) && !isDev(edge.from) && edge.target.kind === 'external',
  ),
  importRule(
    'model knows no app and no other package of ours (its tests may use packages/testing)',
    (edge) => edge.from.part.name === MODEL && toOtherPart(edge) !== undefined && !(isDev(edge.from) && toOtherPart(edge)?.name === TESTING),
  ),
  importRule('config imports nothing of ours', (edge) => edge.from.part.name === CONFIG && toOtherPart(edge) !== undefined),
  importRule(
    "testing imports nothing of ours, so every part's tests can use it (its helpers are typed by their shape, not by the model's types)",
    (edge) => edge.from.part.name === TESTING && !isDev(edge.from) && toOtherPart(edge) !== undefined,
  ),
  importRule(
    "testing serves tests only: no app's or package's code imports it (tests, benchmarks and tooling do)",
    (edge) => ['app', 'package'].includes(edge.from.part.kind) && !isDev(edge.from) && toOtherPart(edge)?.name === TESTING,
  ),
  importRule(
    'only gateways build AWS SDK clients: EC2 in packages/ec2-gateway, DynamoDB in packages/model (tests and benchmarks may, to prepare the engines)',
    (edge) => !isDev(edge.from) && ![EC2_GATEWAY, MODEL].includes(edge.from.part.name) && buildsAwsClient(edge),
  ),
  importRule(
    'a part reaches another only through its package name, never by a relative path into it',
    (edge) => edge.target.kind === 'part' && edge.target.viaPath && edge.target.part !== edge.from.part,
  ),
  importRule(
    "no package's code imports an app (its tests may run one)",
    (edge) => edge.from.part.kind === 'package' && !isDev(edge.from) && toOtherPart(edge)?.kind === 'app',
  ),
  importRule(
    "an app's code imports no other app, but the simulator, which runs the provisioner's own iteration (tests may run another app)",
    (edge) =>
      edge.from.part.kind === 'app' &&
      !isDev(edge.from) &&
      toOtherPart(edge)?.kind === 'app' &&
      !(edge.from.part.name === SIMULATOR && toOtherPart(edge)?.name === PROVISIONER),
  ),
  importRule(
    "infra serves tooling and tests: no app's or package's code imports it",
    (edge) => ['app', 'package'].includes(edge.from.part.kind) && !isDev(edge.from) && toOtherPart(edge)?.kind === 'infra',
  ),
  { statement: 'dependencies between parts point one way: no cycle', check: partCycles },
  { statement: "no import cycle among a part's files", check: fileCycles },
];

export function checkArchitecture(workspace: Workspace, rules: readonly Rule[] = RULES): Violation[] {
  return rules.flatMap((rule) => rule.check(workspace));
}

export function describeViolation(v: Violation): string {
  return `${v.file}:${v.line} imports '${v.specifier}': breaks "${v.rule}"`;
}

/** Each cycle of parts, reported at one import of each step (types count: a cycle of types still ties the parts together). */
function partCycles(workspace: Workspace): Violation[] {
  const edges = new Map<string, Map<string, ImportEdge>>();
  for (const edge of workspace.imports) {
    const target = toOtherPart(edge);
    if (!target) continue;
    const from = edges.get(edge.from.part.name) ?? new Map<string, ImportEdge>();
    if (!from.has(target.name)) from.set(target.name, edge);
    edges.set(edge.from.part.name, from);
  }
  return cyclesOf(edges).flatMap((cycle) => cycle.map((edge) => violationOf('dependencies between parts point one way: no cycle', edge, cycle)));
}

function fileCycles(workspace: Workspace): Violation[] {
  const edges = new Map<string, Map<string, ImportEdge>>();
  for (const edge of workspace.imports) {
    if (edge.target.kind !== 'part' || edge.target.part !== edge.from.part || edge.target.file === undefined) continue;
    const from = edges.get(edge.from.path) ?? new Map<string, ImportEdge>();
    if (!from.has(edge.target.file)) from.set(edge.target.file, edge);
    edges.set(edge.from.path, from);
  }
  return cyclesOf(edges).flatMap((cycle) => cycle.map((edge) => violationOf("no import cycle among a part's files", edge, cycle)));
}

function violationOf(statement: string, edge: ImportEdge, cycle: readonly ImportEdge[]): Violation {
  const path = [...cycle.map((e) => nodeOf(e)), nodeOf(cycle[0] as ImportEdge)].join(' → ');
  return { rule: `${statement} (${path})`, file: edge.from.path, line: edge.line, specifier: edge.specifier };
}

function nodeOf(edge: ImportEdge): string {
  return edge.from.part.name === (edge.target.kind === 'part' ? edge.target.part.name : '') ? edge.from.path : edge.from.part.name;
}

/** The elementary cycles found by a depth-first search, each once, as its edges. */
function cyclesOf(edges: ReadonlyMap<string, ReadonlyMap<string, ImportEdge>>): ImportEdge[][] {
  const cycles: ImportEdge[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const via: ImportEdge[] = [];
  const visit = (node: string): void => {
    stack.push(node);
    for (const [next, edge] of edges.get(node) ?? []) {
      const at = stack.indexOf(next);
      if (at >= 0) {
        const cycle = [...via.slice(at), edge];
        const key = cycle.map((e) => `${e.from.path}:${e.line}`).sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!done.has(next)) {
        via.push(edge);
        visit(next);
        via.pop();
      }
    }
    stack.pop();
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) if (!done.has(node)) visit(node);
  return cycles;
}
