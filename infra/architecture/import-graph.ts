/**
 * The workspace's import graph, read with the TypeScript compiler's parser: every part (a
 * workspace package: an app, a package, infra) with its files, and every import between them
 * (static, dynamic, `require`, `export … from`, `import('…')` types), each with its line, whether
 * it imports types only, and the value names it binds. docs/architecture.md's rules are checked
 * over it (./rules.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type PartKind = 'app' | 'package' | 'infra' | 'tooling';

export interface Part {
  /** The package name (`@spot-provisioner/model`), or the folder for tooling without one. */
  readonly name: string;
  /** Folder relative to the workspace root, posix separators (`packages/model`); '' for the root. */
  readonly dir: string;
  readonly kind: PartKind;
}

/** `src`: what runs in production or the local stack; `dev`: tests, benchmarks, the fuzz runner. */
export type FileRole = 'src' | 'dev';

export interface ImportRef {
  readonly specifier: string;
  /** 1-based. */
  readonly line: number;
  /** Erased at compile time (`import type`, only `type` bindings, `import('…')` in a type). */
  readonly typeOnly: boolean;
  /** Value names bound from the module (`default`; `*` for a namespace or an unknown set). */
  readonly names: readonly string[];
}

export type ImportTarget =
  /** A file of the workspace; `viaPath` when reached by a relative path rather than a package name. */
  | { readonly kind: 'part'; readonly part: Part; readonly file: string | undefined; readonly viaPath: boolean }
  | { readonly kind: 'external'; readonly module: string };

export interface ImportEdge extends ImportRef {
  readonly from: SourceFile;
  readonly target: ImportTarget;
}

export interface SourceFile {
  readonly path: string;
  readonly part: Part;
  readonly role: FileRole;
}

export interface Workspace {
  readonly parts: readonly Part[];
  readonly files: readonly SourceFile[];
  readonly imports: readonly ImportEdge[];
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', '.venv', '.local', '.git', 'coverage']);
const DEV_PATH = /(^|\/)(test|tests|bench|fuzz)\/|\.test\.tsx?$|(^|\/)jest-global-[^/]*$/;

/** Reads the workspace under `root`: its parts (apps/*, packages/*, infra, scripts) and every source file. */
export function readWorkspace(root: string): Workspace {
  const parts: Part[] = [];
  for (const [folder, kind] of [['apps', 'app'], ['packages', 'package']] as const) {
    for (const entry of readdirSync(path.join(root, folder)).sort()) {
      const dir = `${folder}/${entry}`;
      const name = packageName(root, dir);
      if (name) parts.push({ name, dir, kind });
    }
  }
  parts.push({ name: packageName(root, 'infra') ?? 'infra', dir: 'infra', kind: 'infra' });
  parts.push({ name: 'scripts', dir: 'scripts', kind: 'tooling' });
  parts.push({ name: '(workspace root)', dir: '', kind: 'tooling' });
  const files = sourceFiles(root, '').map((file) => ({ path: file, text: readFileSync(path.join(root, file), 'utf8') }));
  return buildWorkspace(parts, files);
}

/** The graph of in-memory files (tests of the rules build small ones). */
export function buildWorkspace(parts: readonly Part[], files: readonly { path: string; text: string }[]): Workspace {
  const byDirLength = [...parts].sort((a, b) => b.dir.length - a.dir.length);
  const partOf = (file: string): Part =>
    byDirLength.find((part) => part.dir === '' || file === part.dir || file.startsWith(`${part.dir}/`)) ?? (parts[0] as Part);
  const known = new Set(files.map((f) => f.path));
  const sources = new Map(files.map((f) => [f.path, { path: f.path, part: partOf(f.path), role: roleOf(f.path) } as SourceFile]));
  const byName = new Map(parts.map((part) => [part.name, part]));
  const imports: ImportEdge[] = [];
  for (const file of files) {
    const from = sources.get(file.path) as SourceFile;
    for (const ref of importsOf(file.path, file.text)) {
      imports.push({ ...ref, from, target: resolve(ref.specifier, file.path, byName, partOf, known) });
    }
  }
  return { parts, files: [...sources.values()], imports };
}

function resolve(
  specifier: string,
  from: string,
  byName: ReadonlyMap<string, Part>,
  partOf: (file: string) => Part,
  known: ReadonlySet<string>,
): ImportTarget {
  if (specifier.startsWith('.')) {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    const stem = base.replace(/\.(m|c)?js$/, '');
    const candidates = [base, ...SOURCE_EXTENSIONS.map((ext) => stem + ext), ...SOURCE_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
    const file = candidates.find((candidate) => known.has(candidate));
    return { kind: 'part', part: partOf(file ?? base), file, viaPath: true };
  }
  const segments = specifier.split('/');
  const module = specifier.startsWith('@') ? segments.slice(0, 2).join('/') : (segments[0] as string);
  const part = byName.get(module);
  return part ? { kind: 'part', part, file: undefined, viaPath: false } : { kind: 'external', module };
}

/** Every import of one file's text. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean, names: string[]) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    refs.push({ specifier: specifier.text, line, typeOnly, names });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, ...importClause(node.importClause));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const elements = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const typeOnly = node.isTypeOnly || (elements !== undefined && elements.length > 0 && elements.every((e) => e.isTypeOnly));
      const names = typeOnly ? [] : (elements?.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) ?? ['*']);
      add(node, node.moduleSpecifier, typeOnly, names);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly, node.isTypeOnly ? [] : ['default']);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node) && node.arguments.length === 1) {
      add(node, node.arguments[0], false, destructuredNames(node));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true, []);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

function importClause(clause: ts.ImportClause | undefined): [typeOnly: boolean, names: string[]] {
  if (!clause) return [false, []]; // `import './x'`: run for its effects
  if (clause.isTypeOnly) return [true, []];
  const names: string[] = clause.name ? ['default'] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  if (bindings && ts.isNamedImports(bindings)) {
    names.push(...bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text));
    if (!clause.name && bindings.elements.length > 0 && names.length === 0) return [true, []];
  }
  return [false, names];
}

function isImportOrRequire(call: ts.CallExpression): boolean {
  return call.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(call.expression) && call.expression.text === 'require');
}

/** `const { A, B } = await import('m')` binds A and B; anything else may use the whole module. */
function destructuredNames(call: ts.CallExpression): string[] {
  const awaited = ts.isAwaitExpression(call.parent) ? call.parent : call;
  const declaration = awaited.parent;
  if (declaration && ts.isVariableDeclaration(declaration) && ts.isObjectBindingPattern(declaration.name)) {
    return declaration.name.elements.map((e) => (e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : e.name.getText()));
  }
  return ['*'];
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.(m|c)?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function roleOf(file: string): FileRole {
  return DEV_PATH.test(file) ? 'dev' : 'src';
}

function packageName(root: string, dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir)).sort()) {
    if (SKIPPED_DIRS.has(entry)) continue;
    const file = dir ? `${dir}/${entry}` : entry;
    const stat = statSync(path.join(root, file));
    if (stat.isDirectory()) out.push(...sourceFiles(root, file));
    else if (SOURCE_EXTENSIONS.some((ext) => entry.endsWith(ext)) && !entry.endsWith('.d.ts')) out.push(file);
  }
  return out;
}
