import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { NewSubscriber, SubscriberStatus } from './schema.ts';
import { addressKey } from './subscribers.ts';

/** A row of an import file that passed validation. */
export interface ImportCandidate {
  readonly line: number;
  readonly email: string;
  readonly name: string | null;
  readonly role: string | null;
  readonly timezone: string;
  readonly sendTime: string;
  /**
   * The address's keyed hashes (src/subscribers/address-hash.ts), one per SECRET_KEY and
   * SECRET_KEY_PREVIOUS, or none when no suppressed address is there to check against.
   */
  readonly emailHashes: readonly string[];
}

export interface ImportBatchOutcome {
  /** Line numbers of rows that became new subscribers. */
  readonly imported: number[];
  /** Already subscribed (pending, active, paused or completed): left exactly as they were. */
  readonly present: number[];
  /** The address left (unsubscribed, bounced, complained) or was erased: never re-added. */
  readonly stopped: number[];
}

/** Statuses of people who left; an import never brings them back. */
const STOPPED: readonly SubscriberStatus[] = [
  'unsubscribed',
  'bounced',
  'complained',
  'suppressed',
];

/** Rows per transaction: 13 bound values a row stays far below SQLite's 32,766. */
export const IMPORT_BATCH = 1000;

/**
 * Imports up to IMPORT_BATCH rows in one transaction, with one multi-row INSERT for the
 * subscribers and, for pending ones, one for their confirmation emails (queued, sent by the
 * next scheduler pass). Existing addresses are matched case-blind, so "Sam@" never revives
 * a "sam@" who left. SQLite only (Node): D1 refuses transactions, and `tend` runs on Node.
 *
 * Confirmed rows start like a confirmation does (activateSubscriber): round 1 at step 0
 * (the welcome), due now, so the next pass sends the welcome. Pending rows are round 0 with
 * a `confirm:1` delivery, as a signup leaves them.
 */
export function importSubscriberBatch(
  db: Db,
  rows: readonly ImportCandidate[],
  options: {
    confirmed: boolean;
    courseId: string;
    sendDays: string;
    now: string;
    newTokenId: () => string;
  },
): Promise<ImportBatchOutcome> {
  return db.transaction().execute(async (trx) => {
    const outcome: ImportBatchOutcome = { imported: [], present: [], stopped: [] };
    if (rows.length === 0) return outcome;

    const hashes = rows.flatMap((row) => row.emailHashes);
    const suppressed = new Set(
      hashes.length === 0
        ? []
        : (
            await trx
              .selectFrom('suppressed_addresses')
              .select('email_hash')
              .where('email_hash', 'in', hashes)
              .execute()
          ).map((row) => row.email_hash),
    );
    const existing = new Map(
      (
        await trx
          .selectFrom('subscribers')
          .select(['status', sql<string>`lower(email)`.as('address')])
          .where(
            sql`lower(email)`,
            'in',
            rows.map((row) => addressKey(row.email)),
          )
          .execute()
      ).map((row) => [row.address, row.status]),
    );

    const fresh: ImportCandidate[] = [];
    for (const row of rows) {
      const status = existing.get(addressKey(row.email));
      if (
        row.emailHashes.some((hash) => suppressed.has(hash)) ||
        (status && STOPPED.includes(status))
      )
        outcome.stopped.push(row.line);
      else if (status) outcome.present.push(row.line);
      else fresh.push(row);
    }
    if (fresh.length === 0) return outcome;

    const { confirmed, now } = options;
    const values: NewSubscriber[] = fresh.map((row) => ({
      email: row.email,
      name: row.name,
      role: row.role,
      timezone: row.timezone,
      send_time: row.sendTime,
      course_id: options.courseId,
      send_days: options.sendDays,
      status: confirmed ? 'active' : 'pending',
      round: confirmed ? 1 : 0,
      next_step: 0,
      next_send_at: confirmed ? now : null,
      created_at: now,
      confirmed_at: confirmed ? now : null,
      updated_at: now,
    }));
    const inserted = await trx
      .insertInto('subscribers')
      .values(values)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'email'])
      .execute();
    const idByEmail = new Map(inserted.map((row) => [row.email, row.id]));
    for (const row of fresh) {
      (idByEmail.has(row.email) ? outcome.imported : outcome.present).push(row.line);
    }
    if (!confirmed && inserted.length > 0) {
      await trx
        .insertInto('deliveries')
        .values(
          inserted.map((row) => ({
            subscriber_id: row.id,
            round: 0,
            message_key: 'confirm:1',
            token_id: options.newTokenId(),
            status: 'queued' as const,
            due_at: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    return outcome;
  });
}
