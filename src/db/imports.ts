import { sql } from 'kysely';
import { ADDRESS_STOPPED } from '../subscribers/states.ts';
import type { Db } from './database.ts';
import type { NewEnrollment } from './schema.ts';
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

/** Rows per transaction: 14 bound values a row stays far below SQLite's 32,766. */
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
    const keys = rows.map((row) => addressKey(row.email));
    // Per known address: its person, whether the address itself is stopped (a bounce or a
    // complaint in any course), and its enrollment in this course if any.
    const known = await trx
      .selectFrom('subscribers as p')
      .leftJoin('enrollments as e', 'e.subscriber_id', 'p.id')
      .select(['p.id', 'e.course_id', 'e.status', sql<string>`lower(p.email)`.as('address')])
      .where(sql`lower(p.email)`, 'in', keys)
      .execute();
    const people = new Map<string, { id: number; stopped: boolean; here?: string }>();
    for (const row of known) {
      const person = people.get(row.address) ?? { id: row.id, stopped: false };
      if (row.status && ADDRESS_STOPPED.includes(row.status)) person.stopped = true;
      if (row.course_id === options.courseId && row.status) person.here = row.status;
      people.set(row.address, person);
    }

    const fresh: ImportCandidate[] = [];
    for (const row of rows) {
      const person = people.get(addressKey(row.email));
      if (
        row.emailHashes.some((hash) => suppressed.has(hash)) ||
        person?.stopped ||
        person?.here === 'unsubscribed'
      )
        outcome.stopped.push(row.line);
      else if (person?.here) outcome.present.push(row.line);
      else fresh.push(row);
    }
    if (fresh.length === 0) return outcome;

    const { confirmed, now } = options;
    const newPeople = fresh.filter((row) => !people.has(addressKey(row.email)));
    if (newPeople.length > 0) {
      const added = await trx
        .insertInto('subscribers')
        .values(
          newPeople.map((row) => ({
            email: row.email,
            name: row.name,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'email'])
        .execute();
      for (const row of added) people.set(addressKey(row.email), { id: row.id, stopped: false });
    }
    const values: NewEnrollment[] = fresh.flatMap((row) => {
      const person = people.get(addressKey(row.email));
      if (!person) return [];
      return [
        {
          subscriber_id: person.id,
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
        },
      ];
    });
    const inserted =
      values.length === 0
        ? []
        : await trx
            .insertInto('enrollments')
            .values(values)
            .onConflict((oc) => oc.doNothing())
            .returning(['id', 'subscriber_id'])
            .execute();
    const enrolled = new Set(inserted.map((row) => row.subscriber_id));
    for (const row of fresh) {
      const person = people.get(addressKey(row.email));
      (person && enrolled.has(person.id) ? outcome.imported : outcome.present).push(row.line);
    }
    if (!confirmed && inserted.length > 0) {
      await trx
        .insertInto('deliveries')
        .values(
          inserted.map((row) => ({
            enrollment_id: row.id,
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
