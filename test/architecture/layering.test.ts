import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/node/paths.ts';
import { describeViolations, importsOf, layeringViolations, type SourceFile } from './layering.ts';

const ROOT = packageRoot();

function sourcesUnder(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return { path: relative(ROOT, file).split('\\').join('/'), text: readFileSync(file, 'utf8') };
    });
}

describe('the layering of src/', () => {
  it('holds for every module', () => {
    const files = sourcesUnder('src');
    expect(files.length).toBeGreaterThan(100);
    expect(describeViolations(layeringViolations(files))).toBe('');
  });
});

describe('the layering check', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const check = (path: string, text: string) =>
    describeViolations(layeringViolations([file(path, text)]));

  it('finds static, re-exported, dynamic and type imports', () => {
    const found = importsOf(
      file(
        'src/x.ts',
        [
          "import a from 'a';",
          "import type { B } from 'b';",
          "import { type C, type D } from 'c';",
          "import { type E, f } from 'e';",
          "export * from './g.ts';",
          "const h = await import('h');",
          "let i: import('i').I;",
        ].join('\n'),
      ),
    );
    expect(found).toEqual([
      { specifier: 'a', typeOnly: false },
      { specifier: 'b', typeOnly: true },
      { specifier: 'c', typeOnly: true },
      { specifier: 'e', typeOnly: false },
      { specifier: './g.ts', typeOnly: false },
      { specifier: 'h', typeOnly: false },
      { specifier: 'i', typeOnly: true },
    ]);
  });

  it('keeps Kysely under src/db/, even for types', () => {
    expect(check('src/db/subscribers.ts', "import { sql } from 'kysely';")).toBe('');
    expect(check('src/routes/signup.tsx', "import type { Kysely } from 'kysely';")).toBe(
      'src/routes/signup.tsx imports "kysely": Kysely is imported only under src/db/: put the query in a function there',
    );
    expect(check('src/worker/deps.ts', "import { D1Dialect } from 'kysely-d1';")).toContain(
      'Kysely is imported only under src/db/',
    );
  });

  it("keeps Node's modules on Node's side", () => {
    for (const ok of ['src/node/x.ts', 'src/cli/x.ts', 'src/node.ts', 'src/db/sqlite.ts']) {
      expect(check(ok, "import { readFileSync } from 'node:fs';"), ok).toBe('');
    }
    expect(check('src/delivery/send.ts', "import { readFileSync } from 'node:fs';")).toContain(
      'src/delivery/send.ts imports "node:fs": Node-only modules are imported only from',
    );
    expect(check('src/app.ts', "import cron from 'node-cron';")).toContain('Node-only');
    expect(check('src/db/other.ts', "import SQLite from 'better-sqlite3';")).toContain('Node-only');
    // A type from a Node-only package costs the Worker nothing.
    expect(check('src/db/other.ts', "import type SQLite from 'better-sqlite3';")).toBe('');
    expect(check('src/routes/x.ts', "import { nodeDeps } from '../node/deps.ts';")).toContain(
      'src/routes/x.ts imports "../node/deps.ts": Node\'s runtime modules are imported only',
    );
    expect(check('src/worker/deps.ts', "import { openSqlite } from '../db/sqlite.ts';")).toContain(
      "Node's runtime modules",
    );
    expect(check('src/cli/x.ts', "import { openSqlite } from '../db/sqlite.ts';")).toBe('');
  });

  it("keeps the Worker's modules on the Worker's side", () => {
    expect(check('src/worker/x.ts', "import { env } from 'cloudflare:workers';")).toBe('');
    expect(check('src/routes/x.ts', "import { env } from 'cloudflare:workers';")).toContain(
      'cloudflare: modules are imported only from src/worker/',
    );
    expect(check('src/node.ts', "import { runCron } from './worker/scheduled.ts';")).toContain(
      "the Worker's runtime modules are imported only from src/worker/",
    );
  });

  it('keeps src/course/ pure', () => {
    expect(check('src/course/time.ts', "import { DateTime } from 'luxon';")).toBe('');
    expect(check('src/course/parse.ts', "import { x } from './course.ts';")).toBe('');
    for (const [specifier, path] of [
      ['node:fs', 'src/course/files.ts'],
      ['../db/subscribers.ts', 'src/course/x.ts'],
      ['../mail/compose.ts', 'src/course/x.ts'],
      ['resend', 'src/course/x.ts'],
    ] as const) {
      expect(check(path, `import { x } from '${specifier}';`), specifier).toContain(
        'src/course/ is pure (no I/O)',
      );
    }
  });
});
