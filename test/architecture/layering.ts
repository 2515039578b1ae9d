import { dirname, posix } from 'node:path';
import ts from 'typescript';

/**
 * The layering rules of src/ (README, "Code layout"), checked over source text so that a test
 * can run them on the real tree and on made-up files alike.
 */

export interface SourceFile {
  /** From the repository root, with forward slashes: 'src/course/time.ts'. */
  readonly path: string;
  readonly text: string;
}

export interface Violation {
  readonly file: string;
  readonly imports: string;
  readonly rule: string;
}

interface Import {
  readonly specifier: string;
  /** `import type`, `export type`, or every name imported `type`: gone after compiling. */
  readonly typeOnly: boolean;
}

/** Where Node's own modules may be imported: its composition root, its folder and the CLI. */
const NODE_SIDE = [/^src\/node\//, /^src\/cli\//, /^src\/node\.ts$/, /^src\/cli\.ts$/];
/**
 * Node adapters kept beside their noun: the SQLite opener and its statement cache (src/db),
 * the outbox's file store (src/mail). They count as Node's side, so only Node's side may
 * import them.
 */
const NODE_ADAPTERS = [
  /^src\/db\/sqlite\.ts$/,
  /^src\/db\/statement-cache\.ts$/,
  /^src\/mail\/outbox-files\.ts$/,
];
const WORKER_SIDE = [/^src\/worker\//, /^src\/worker\.ts$/];
const NODE_MODULES = /^(node:|better-sqlite3$|node-cron$|@hono\/node-server)/;
const WORKER_MODULES = /^cloudflare:/;
const KYSELY = /^kysely($|\/|-)/;
/** What the pure modules may use besides each other: parsing and date arithmetic, no I/O. */
const PURE_PACKAGES = new Set(['luxon', 'yaml', 'zod']);
const PURE = /^src\/course\//;

const matches = (path: string, patterns: readonly RegExp[]) => patterns.some((p) => p.test(path));

export function importsOf(file: SourceFile): Import[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnly(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** A relative specifier as a path from the root; a package name as it is. */
function target(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(dirname(from), specifier));
}

export function layeringViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const nodeSide = matches(file.path, NODE_SIDE) || matches(file.path, NODE_ADAPTERS);
    const workerSide = matches(file.path, WORKER_SIDE);
    for (const { specifier, typeOnly } of importsOf(file)) {
      const to = target(file.path, specifier);
      const flag = (rule: string) => violations.push({ file: file.path, imports: specifier, rule });
      if (KYSELY.test(to) && !file.path.startsWith('src/db/')) {
        flag('Kysely is imported only under src/db/: put the query in a function there');
      }
      if (!typeOnly && NODE_MODULES.test(to) && !nodeSide) {
        flag(
          'Node-only modules are imported only from src/node/, src/cli/, src/node.ts and the Node adapters (src/db/sqlite.ts, src/mail/outbox-files.ts): the Worker cannot load them',
        );
      }
      if (!typeOnly && WORKER_MODULES.test(to) && !workerSide) {
        flag('cloudflare: modules are imported only from src/worker/ and src/worker.ts');
      }
      if ((matches(to, NODE_SIDE) || matches(to, NODE_ADAPTERS)) && !nodeSide) {
        flag(
          "Node's runtime modules are imported only from Node's side (src/node/, src/cli/, src/node.ts, the Node adapters): pass what they make in through Deps",
        );
      }
      if (matches(to, WORKER_SIDE) && !workerSide) {
        flag("the Worker's runtime modules are imported only from src/worker/ and src/worker.ts");
      }
      if (
        PURE.test(file.path) &&
        !(to.startsWith('src/course/') || PURE_PACKAGES.has(to)) &&
        !typeOnly
      ) {
        flag(
          `src/course/ is pure (no I/O): it imports only src/course/ and ${[...PURE_PACKAGES].join(', ')}`,
        );
      }
    }
  }
  return violations;
}

/** One line per violation, for a failing assertion a person can act on. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file} imports "${v.imports}": ${v.rule}`).join('\n');
}
