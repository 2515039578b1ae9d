import { type QueryCreator, sql } from 'kysely';
import type { Delivery } from '../delivery/delivery.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import type { Db } from './database.ts';
import { prepared } from './prepared.ts';
import type { Database } from './schema.ts';

/**
 * Claiming and recording batches: the rows that go to the provider in one call under one
 * Idempotency-Key (`batch_key`). Every claim is a single UPDATE ... RETURNING, so two runs
 * (ticks, processes, queue consumers) never take the same row: SQLite and D1 run one writing
 * statement at a time, and each re-checks the row's state as it writes.
 */

export interface ClaimOptions {
  readonly now: string;
  readonly leaseUntil: string;
  readonly enrollmentId?: number | undefined;
}

const CONFIRMATION = 'confirm:%';

/**
 * The fixed values the claims compare with, written into the SQL rather than bound: SQLite
 * plans a statement again on every run when a bound value could change which partial index
 * serves it (`status = ?`, `LIKE ?`), and with literals a prepared claim is planned once.
 * The confirmation pattern must be a literal anyway for deliveries_confirmations_queued.
 */
const literal = <V extends string>(value: V) => sql.lit(value);
const lit = {
  queued: literal('queued'),
  sending: literal('sending'),
  pending: literal('pending'),
  active: literal('active'),
  completed: literal('completed'),
  confirmation: literal(CONFIRMATION),
} as const;

/**
 * The ids of up to `limit` due rows that belong to no batch yet, oldest first: confirmations
 * of subscribers still pending, or course mail of active and completed ones. Written with the
 * literals above, so each kind is one SQL text that its partial index serves.
 */
function dueUnbatched(
  qc: QueryCreator<Database>,
  kind: 'confirmations' | 'course',
  { now, enrollmentId, limit }: Omit<ClaimOptions, 'leaseUntil'> & { readonly limit: number },
) {
  const confirmations = kind === 'confirmations';
  return qc
    .selectFrom('deliveries as d')
    .innerJoin('enrollments as s', 's.id', 'd.enrollment_id')
    .select('d.id')
    .where('d.status', '=', lit.queued)
    .where('d.due_at', '<=', now)
    .where('d.batch_key', 'is', null)
    .where('d.message_key', confirmations ? 'like' : 'not like', lit.confirmation)
    .where((eb) =>
      confirmations
        ? eb('s.status', '=', lit.pending)
        : eb('s.status', 'in', [lit.active, lit.completed]),
    )
    .$if(enrollmentId !== undefined, (qb) => qb.where('d.enrollment_id', '=', enrollmentId ?? 0))
    .orderBy('d.due_at')
    .orderBy('d.id')
    .limit(limit);
}

/** The key of a batch of one confirmation: its token id's, as claimConfirmations writes it. */
export const loneKey = (tokenId: string) => `tend-${tokenId}`;

/**
 * Claims up to `limit` due confirmations that have never been sent, as one batch, only while
 * their subscribers are still pending (a confirmed or departed address needs none). Several
 * become the batch `key`, sent in one provider call; a lone one gets a key derived from its
 * token id (`tend-<token id>`, its own email's key), which sends it through the single-email
 * endpoint as before. Either way the key is written with the claim, so a retry reuses it.
 * Returns the key, or null when nothing was due.
 *
 * The candidates are materialized once, so the count that chooses the key is the count the
 * statement claims: SQLite and D1 run one writing statement at a time.
 */
export async function claimConfirmations(
  db: Db,
  options: ClaimOptions & { readonly key: string; readonly limit: number },
): Promise<string | null> {
  const claimed =
    options.enrollmentId === undefined
      ? (await claimConfirmationsPrepared(db, options)).rows
      : await claimConfirmationsQuery(db, options).execute();
  return claimed[0]?.batch_key ?? null;
}

function claimConfirmationsQuery(
  db: Db,
  options: ClaimOptions & { readonly key: string; readonly limit: number },
) {
  const { now, leaseUntil, enrollmentId, key, limit } = options;
  return db
    .with(
      (cte) => cte('picked').materialized(),
      (qb) => dueUnbatched(qb, 'confirmations', { now, enrollmentId, limit }),
    )
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      batch_key: sql<string>`CASE WHEN (SELECT count(*) FROM picked) = 1 THEN 'tend-' || token_id ELSE ${key} END`,
      lease_until: leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', (eb) => eb.selectFrom('picked').select('id'))
    .where('status', '=', lit.queued)
    .where('batch_key', 'is', null)
    .returning('batch_key');
}

/**
 * The claims of every sending run (no enrollment given), built and compiled by Kysely once
 * (src/db/prepared.ts): a run makes them for every batch, and building and compiling them
 * anew cost about as much CPU as SQLite takes to run them, in many short-lived objects.
 */
const CLAIM_VALUES = ['now', 'leaseUntil', 'key', 'limit'] as const;
const claimConfirmationsPrepared = prepared(CLAIM_VALUES, (db, values) =>
  claimConfirmationsQuery(db, values),
);

/**
 * Claims up to `limit` due course emails that belong to no batch yet, making them the batch
 * `key`. Only mail the subscriber still wants: active or completed (a paused subscriber's
 * mail waits for the pause to end). Confirmations are claimed apart (claimConfirmations).
 */
export async function claimNewBatch(
  db: Db,
  options: ClaimOptions & { readonly key: string; readonly limit: number },
): Promise<number> {
  const claimed =
    options.enrollmentId === undefined
      ? (await claimNewBatchPrepared(db, options)).rows
      : await claimNewBatchQuery(db, options).execute();
  return claimed.length;
}

function claimNewBatchQuery(
  db: Db,
  options: ClaimOptions & { readonly key: string; readonly limit: number },
) {
  const { now, leaseUntil, enrollmentId, key, limit } = options;
  const ids = dueUnbatched(db, 'course', { now, enrollmentId, limit });
  return db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      batch_key: key,
      lease_until: leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', ids)
    .where('status', '=', lit.queued)
    .where('batch_key', 'is', null)
    .returning('id');
}

const claimNewBatchPrepared = prepared(CLAIM_VALUES, (db, values) =>
  claimNewBatchQuery(db, values),
);

/**
 * Takes over one batch whose earlier call left rows unsettled: rows put back to be retried
 * (queued, due again) or claimed by a run that died (sending, lease expired). The batch keeps
 * its key and members. The subscriber's status is not checked here: the earlier call may
 * already have delivered these emails, and only the same payload under the same key lets the
 * provider tell (rows cancelled since are left out; see batchMembers).
 */
export async function reclaimOpenBatch(db: Db, options: ClaimOptions): Promise<string | null> {
  const claimed =
    options.enrollmentId === undefined
      ? (await reclaimOpenBatchPrepared(db, options)).rows
      : await reclaimOpenBatchQuery(db, options).execute();
  return claimed[0]?.batch_key ?? null;
}

function reclaimOpenBatchQuery(db: Db, options: ClaimOptions) {
  const { now, leaseUntil, enrollmentId } = options;
  // Two lookups, each on an index of its own (deliveries_retries_queued, deliveries_sending),
  // rather than one OR that walks every queued row: retries first, then abandoned claims.
  const openRow = (status: 'queued' | 'sending', dueColumn: 'due_at' | 'lease_until') =>
    db
      .selectFrom('deliveries')
      .select('batch_key')
      .where('status', '=', lit[status])
      .where('batch_key', 'is not', null)
      .where(dueColumn, '<=', now)
      .$if(enrollmentId !== undefined, (qb) => qb.where('enrollment_id', '=', enrollmentId ?? 0))
      .orderBy(dueColumn)
      .limit(1);
  const next = sql<string>`coalesce((${openRow('queued', 'due_at')}), (${openRow('sending', 'lease_until')}))`;
  return db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      lease_until: leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('batch_key', '=', next)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', lit.queued), eb('due_at', '<=', now)]),
        eb.and([eb('status', '=', lit.sending), eb('lease_until', '<=', now)]),
      ]),
    )
    .returning('batch_key');
}

const reclaimOpenBatchPrepared = prepared(['now', 'leaseUntil'], (db, values) =>
  reclaimOpenBatchQuery(db, values),
);

/**
 * How many deliveries a sending run at `now` would take, by the three claims above: new
 * confirmations, new course emails, and open batches due again. Keep it in step with them
 * (test/delivery/count-due.test.ts holds it to what sendDue really sends). The Workers
 * cron sizes its fan-out with it; it is a hint, not a claim, so a count that is stale by
 * the time the jobs run costs an empty job at most.
 */
export async function countDueDeliveries(db: Db, now: string): Promise<number> {
  const row = await db
    .selectFrom('deliveries as d')
    .innerJoin('enrollments as s', 's.id', 'd.enrollment_id')
    .select((eb) => eb.fn.countAll<number>().as('due'))
    .where((eb) =>
      eb.or([
        eb.and([
          eb('d.batch_key', 'is', null),
          eb('d.status', '=', 'queued'),
          eb('d.due_at', '<=', now),
          eb.or([
            eb.and([eb('d.message_key', 'like', CONFIRMATION), eb('s.status', '=', 'pending')]),
            eb.and([
              eb('d.message_key', 'not like', CONFIRMATION),
              eb('s.status', 'in', ['active', 'completed']),
            ]),
          ]),
        ]),
        eb.and([
          eb('d.batch_key', 'is not', null),
          eb.or([
            eb.and([eb('d.status', '=', 'queued'), eb('d.due_at', '<=', now)]),
            eb.and([eb('d.status', '=', 'sending'), eb('d.lease_until', '<=', now)]),
          ]),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.due);
}

/** What sending a member takes: read for every email of every batch, so nothing more. */
export interface BatchMember {
  readonly delivery: Pick<
    Delivery,
    'id' | 'enrollmentId' | 'messageKey' | 'tokenId' | 'status' | 'attempts' | 'createdAt'
  >;
  readonly subscriber: Pick<
    Enrollment,
    'id' | 'subscriberId' | 'email' | 'name' | 'role' | 'discreet' | 'courseId'
  >;
}

/**
 * One read joins each row to its enrollment and person (an inner join, so a row whose
 * enrollment is gone is left out): one D1 query, not two, per batch sent. Built once.
 */
const membersOf = prepared(['key'], (db, { key }) =>
  db
    .selectFrom('deliveries as d')
    .innerJoin('enrollments as e', 'e.id', 'd.enrollment_id')
    .innerJoin('subscribers as p', 'p.id', 'e.subscriber_id')
    .select([
      'd.id',
      'd.enrollment_id',
      'd.message_key',
      'd.token_id',
      'd.status',
      'd.attempts',
      'd.created_at',
      'e.subscriber_id',
      'p.email',
      'p.name',
      'e.role',
      'e.discreet',
      'e.course_id',
    ])
    .where('d.batch_key', '=', key)
    .where('d.status', '!=', 'cancelled')
    .orderBy('d.id'),
);

/**
 * A batch's members in request order (by id): every row ever given the key except cancelled
 * ones, including rows already settled by an earlier, partly recorded answer, so that a
 * retry carries the same payload. Rows cancelled since (the subscriber left while the batch
 * waited) are left out: if the earlier call went through, the provider answers the smaller
 * payload with a 409 that tells us so; if it did not, they are rightly not sent.
 */
export async function batchMembers(db: Db, key: string): Promise<BatchMember[]> {
  const { rows } = await membersOf(db, { key });
  const discreetByDelivery = rows.some((row) => row.message_key.startsWith('confirm:'))
    ? await discreetSignups(db, key)
    : new Map<number, number>();
  return rows.map((row) => ({
    delivery: {
      id: row.id,
      enrollmentId: row.enrollment_id,
      messageKey: row.message_key,
      tokenId: row.token_id,
      status: row.status,
      attempts: row.attempts,
      createdAt: new Date(row.created_at),
    },
    subscriber: {
      id: row.enrollment_id,
      subscriberId: row.subscriber_id,
      email: row.email,
      name: row.name,
      role: row.role,
      // A confirmation is discreet if its signup asked, or the address did before.
      discreet: row.discreet === 1 || discreetByDelivery.get(row.id) === 1,
      courseId: row.course_id,
    },
  }));
}

/** The discreet choice of each signup kept with a confirmation of the batch. */
async function discreetSignups(db: Db, key: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('pending_signups')
    .select(['delivery_id', 'discreet'])
    .where('delivery_id', 'in', (eb) =>
      eb.selectFrom('deliveries').select('id').where('batch_key', '=', key),
    )
    .execute();
  return new Map(rows.map((row) => [row.delivery_id, row.discreet]));
}

/**
 * Records the rows the provider took, with their provider ids (null when unknown), in one
 * statement whatever the batch size: the ids travel as one JSON parameter, since D1 binds at
 * most 100 parameters per statement.
 */
export async function recordSent(
  db: Db,
  providerIds: ReadonlyMap<number, string | null>,
  now: string,
): Promise<void> {
  if (providerIds.size === 0) return;
  const json = JSON.stringify(Object.fromEntries(providerIds));
  // UPDATE ... FROM reads the JSON once; a correlated subquery per row would parse it per row.
  await sql`
    UPDATE deliveries
    SET status = 'sent',
        provider_id = sent.value,
        sent_at = ${now},
        lease_until = NULL,
        last_error = NULL,
        updated_at = ${now}
    FROM json_each(${json}) AS sent
    WHERE deliveries.id = CAST(sent.key AS INTEGER)
      AND deliveries.status = 'sending'
  `.execute(db);
}

/** Puts a batch's unsettled rows back, to be retried together under the same key. */
export async function requeueBatch(
  db: Db,
  key: string,
  retry: { readonly at: string; readonly reason: string; readonly now: string },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'queued', due_at: retry.at, lease_until: null, last_error: retry.reason })
    .set({ updated_at: retry.now })
    .where('batch_key', '=', key)
    .where('status', '=', 'sending')
    .execute();
}

/**
 * Gives back a batch that was claimed but never sent (a run stopped before its call): its
 * rows wait, under the same key, for the next run's reclaimOpenBatch, and the claim's attempt
 * is not counted. The key stays because the batch may be an earlier call's retry, which the
 * provider must see again under the key it saw then.
 */
export async function releaseBatch(db: Db, key: string, now: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'queued',
      lease_until: null,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('batch_key', '=', key)
    .where('status', '=', 'sending')
    .execute();
}

/** Marks a batch's unsettled rows failed (a permanent refusal, or a day of retries). */
export async function failBatch(
  db: Db,
  key: string,
  failure: { readonly reason: string; readonly now: string },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      lease_until: null,
      last_error: failure.reason,
      updated_at: failure.now,
    })
    .where('batch_key', '=', key)
    .where('status', '=', 'sending')
    .execute();
}

/** Marks one claimed row failed (rejected alone inside a batch, or impossible to render). */
export async function failMember(
  db: Db,
  id: number,
  failure: { readonly reason: string; readonly now: string },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      lease_until: null,
      last_error: failure.reason,
      updated_at: failure.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}
