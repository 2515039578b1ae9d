import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';
import type { Db } from './database.ts';

/**
 * A query that Kysely builds and compiles once, then runs with new values each time: for the
 * statements every signup runs, where building and compiling (about 12 µs for an insert of
 * fifteen columns) cost as much as SQLite takes to run them.
 *
 * `build` is called once, with a marker in place of each named value (typed `never`, so it
 * fits any column); the parameters Kysely makes of the markers take the values of each run,
 * in whatever order the SQL has them, and any other parameter (a constant in the query)
 * stays as built. A name that never becomes a parameter (a value the query would inline)
 * fails on the first run, in tests, rather than being ignored. Tend's databases all speak
 * SQLite (better-sqlite3 and D1 compile alike), so one compilation serves every handle. A
 * plugin's transformQuery sees the query once, when it is compiled, not each run's values.
 */
export function prepared<Key extends string, Row>(
  keys: readonly Key[],
  build: (db: Db, markers: Readonly<Record<Key, never>>) => Compilable<Row>,
): (db: Db, values: Readonly<Record<Key, unknown>>) => Promise<QueryResult<Row>> {
  let compiled: Compiled<Key> | undefined;
  return async (db, values) => {
    compiled ??= compile(db, keys, build);
    const parameters = compiled.parameters.slice();
    for (const [index, key] of compiled.slots) parameters[index] = values[key];
    return db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>);
  };
}

interface Compiled<Key> {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Which parameter takes which value. */
  readonly slots: readonly (readonly [index: number, key: Key])[];
}

function compile<Key extends string, Row>(
  db: Db,
  keys: readonly Key[],
  build: (db: Db, markers: Readonly<Record<Key, never>>) => Compilable<Row>,
): Compiled<Key> {
  const byMarker = new Map(keys.map((key) => [`\u0000prepared:${key}`, key]));
  const markers = Object.fromEntries([...byMarker].map(([marker, key]) => [key, marker]));
  const query = build(db, markers as Record<Key, never>).compile();
  const slots: [number, Key][] = [];
  for (const [index, parameter] of query.parameters.entries()) {
    const key = typeof parameter === 'string' ? byMarker.get(parameter) : undefined;
    if (key !== undefined) slots.push([index, key]);
  }
  const unused = keys.filter((key) => !slots.some(([, used]) => used === key));
  if (unused.length > 0) {
    throw new Error(`prepared: ${unused.join(', ')} not a parameter of: ${query.sql}`);
  }
  return { sql: query.sql, parameters: query.parameters, slots };
}
