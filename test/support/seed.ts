import type { Role } from '../../src/course/course.ts';
import type { Db } from '../../src/db/database.ts';

const ROLES: readonly Role[] = ['broke', 'hurt', 'together'];

/** The address of the n-th seeded reader. */
export const readerAddress = (n: number, prefix = 'reader') => `${prefix}${n}@example.com`;

/**
 * Confirmed, active subscribers whose welcome is due at `dueAt`, written straight into the
 * database (what a large import would leave behind). Returns their ids.
 */
export async function seedSubscribers(
  db: Db,
  count: number,
  options: { dueAt: string; prefix?: string; from?: number; addresses?: (n: number) => string },
): Promise<number[]> {
  const ids: number[] = [];
  const from = options.from ?? 0;
  for (let n = from; n < from + count; n++) {
    const row = await db
      .insertInto('subscribers')
      .values({
        email: options.addresses?.(n) ?? readerAddress(n, options.prefix),
        name: `Reader ${n}`,
        role: ROLES[n % ROLES.length] ?? 'hurt',
        timezone: 'UTC',
        send_time: '08:00',
        course_id: 'rebuilding-trust',
        status: 'active',
        round: 1,
        next_step: 0,
        next_send_at: options.dueAt,
        paused_until: null,
        stop_reason: null,
        created_at: options.dueAt,
        confirmed_at: options.dueAt,
        unsubscribed_at: null,
        updated_at: options.dueAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}
