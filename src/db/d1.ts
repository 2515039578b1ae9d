import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Driver,
  Kysely,
  type QueryResult,
} from 'kysely';
import { D1Dialect } from 'kysely-d1';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

/** The part of a D1 binding that kysely-d1 uses (typed here so no Workers globals leak in). */
export type D1Binding = ConstructorParameters<typeof D1Dialect>[0]['database'];

/**
 * Kysely over a D1 binding, for the Workers runtime. What D1 does not do, and how Tend
 * lives with it (every query is in src/db, so these are the only places to look):
 * - No interactive transactions (`db.transaction()` throws in kysely-d1, `BEGIN` is
 *   refused): multi-write steps are ordered so that a crash between two writes leaves a
 *   state the next pass repairs (see src/delivery/plan.ts and src/subscribers/*).
 * - At most 100 bound parameters per statement: IN lists built from data are chunked
 *   (`subscribersByIds`), and multi-row writes carry their rows as one JSON parameter,
 *   ROWS_PER_STATEMENT at a time (`insertDeliveries`, `advanceSubscribers`, `recordSent`).
 * - Kysely's introspector would walk D1's internal `_cf_*` tables and fail. Tend never
 *   introspects (the schema is src/db/schema.ts, migrations are applied by wrangler), so
 *   the introspector here refuses outright instead of failing halfway.
 */
export function openD1(database: D1Binding): Db {
  return new Kysely<Database>({ dialect: new TendD1Dialect({ database }) });
}

class TendD1Dialect extends D1Dialect {
  override createIntrospector(): DatabaseIntrospector {
    return refusingIntrospector;
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    return {
      init: () => driver.init(),
      acquireConnection: async () => withoutLegacyCount(await driver.acquireConnection()),
      beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
      commitTransaction: (connection) => driver.commitTransaction(connection),
      rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
      releaseConnection: (connection) => driver.releaseConnection(connection),
      destroy: () => driver.destroy(),
    };
  }
}

/**
 * kysely-d1 0.4 also reports the count under a name Kysely retired, and Kysely then logs an
 * "outdated driver" warning in every isolate. Dropping the old name keeps the logs JSON.
 */
function withoutLegacyCount(connection: DatabaseConnection): DatabaseConnection {
  return Object.assign(Object.create(connection) as DatabaseConnection, {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const result: QueryResult<R> & { numUpdatedOrDeletedRows?: bigint } =
        await connection.executeQuery<R>(query);
      const { numUpdatedOrDeletedRows: _legacy, ...rest } = result;
      return rest;
    },
  });
}

const refuse = (): never => {
  throw new Error(
    'schema introspection is not used on D1 (it trips on the internal _cf_ tables); ' +
      'apply migrations with `wrangler d1 migrations apply`',
  );
};

const refusingIntrospector: DatabaseIntrospector = {
  getSchemas: async () => refuse(),
  getTables: async () => refuse(),
  getMetadata: async () => refuse(),
};
