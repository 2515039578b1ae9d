import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { WebhookMessageStatus } from './schema.ts';

/** An endpoint as the rest of the code sees it: `events` null means every event. */
export interface WebhookEndpoint {
  readonly id: number;
  readonly url: string;
  readonly events: readonly string[] | null;
  readonly secretCiphertext: string;
  readonly createdAt: string;
  readonly failingSince: string | null;
  readonly disabledAt: string | null;
  readonly disabledReason: string | null;
}

type EndpointRow = {
  id: number;
  url: string;
  events: string;
  secret_ciphertext: string;
  created_at: string;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
};

const ENDPOINT_COLUMNS = [
  'id',
  'url',
  'events',
  'secret_ciphertext',
  'created_at',
  'failing_since',
  'disabled_at',
  'disabled_reason',
] as const;

function endpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events === '*' ? null : row.events.split(',').filter((name) => name !== ''),
    secretCiphertext: row.secret_ciphertext,
    createdAt: row.created_at,
    failingSince: row.failing_since,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
  };
}

/** Event names as stored: '*' for all, else wrapped in commas so instr() matches whole names. */
function storedEvents(events: readonly string[] | null): string {
  return events === null ? '*' : `,${events.join(',')},`;
}

export async function insertWebhookEndpoint(
  db: Db,
  value: { url: string; events: readonly string[] | null; secretCiphertext: string; now: string },
): Promise<WebhookEndpoint> {
  const row = await db
    .insertInto('webhook_endpoints')
    .values({
      url: value.url,
      events: storedEvents(value.events),
      secret_ciphertext: value.secretCiphertext,
      created_at: value.now,
      updated_at: value.now,
    })
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirstOrThrow();
  return endpoint(row);
}

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .orderBy('id')
    .execute();
  return rows.map(endpoint);
}

export async function findWebhookEndpoint(
  db: Db,
  id: number,
): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? endpoint(row) : undefined;
}

/** Removes an endpoint and its ledger (ON DELETE CASCADE); says whether it was there. */
export async function deleteWebhookEndpoint(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Turns a disabled endpoint back on; its next failure starts a new three days. */
export async function enableWebhookEndpoint(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set({ disabled_at: null, disabled_reason: null, failing_since: null, updated_at: now })
    .where('id', '=', id)
    .where('disabled_at', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The event types some enabled endpoint listens to, or `'*'` when one listens to all: one
 * read of a table of a few rows, so that an emitter can skip building event bodies nobody
 * will be sent (a sending batch emits a hundred).
 */
export async function listenedEventTypes(db: Db): Promise<'*' | ReadonlySet<string>> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select('events')
    .where('disabled_at', 'is', null)
    .execute();
  const types = new Set<string>();
  for (const { events } of rows) {
    if (events === '*') return '*';
    for (const name of events.split(',')) if (name !== '') types.add(name);
  }
  return types;
}

/** An event to record for every enabled endpoint that listens to its type. */
export interface LedgerEvent {
  readonly type: string;
  /** The body exactly as it will be sent. */
  readonly payload: string;
  readonly subscriberId: number | null;
}

/**
 * Writes events to the ledger, one row per listening endpoint, in one statement: with no
 * endpoint (the common case) it inserts nothing and costs one cheap query. Ids are random
 * (128 bits) so that receivers can de-duplicate across endpoints and databases.
 */
export async function recordWebhookEvents(
  db: Db,
  events: readonly LedgerEvent[],
  now: string,
): Promise<number> {
  if (events.length === 0) return 0;
  const list = JSON.stringify(events.map((e) => [e.type, e.payload, e.subscriberId]));
  const result = await sql`
    INSERT INTO webhook_messages
      (id, endpoint_id, type, payload, subscriber_id, status, attempts, next_attempt_at,
       created_at, updated_at)
    SELECT 'msg_' || lower(hex(randomblob(16))), e.id, json_extract(ev.value, '$[0]'),
      json_extract(ev.value, '$[1]'), json_extract(ev.value, '$[2]'), 'pending', 0,
      ${now}, ${now}, ${now}
    FROM webhook_endpoints AS e, json_each(${list}) AS ev
    WHERE e.disabled_at IS NULL
      AND (e.events = '*' OR instr(e.events, ',' || json_extract(ev.value, '$[0]') || ',') > 0)
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** A ledger row claimed for sending, with what sending it needs. */
export interface ClaimedMessage {
  readonly id: string;
  readonly endpointId: number;
  readonly type: string;
  readonly payload: string;
  readonly attempts: number;
  readonly createdAt: string;
}

/**
 * Claims up to `limit` messages that are due (or whose sender's lease ran out: it crashed or
 * hung mid-delivery) for endpoints still enabled, in one statement, so claimers running side
 * by side never take the same row. The attempt is counted at the claim: a sender that dies
 * mid-delivery has used it.
 */
export async function claimWebhookMessages(
  db: Db,
  options: { now: string; leaseUntil: string; limit: number },
): Promise<ClaimedMessage[]> {
  const { now } = options;
  const result = await sql<{
    id: string;
    endpoint_id: number;
    type: string;
    payload: string;
    attempts: number;
    created_at: string;
  }>`
    UPDATE webhook_messages
    SET status = 'sending', lease_until = ${options.leaseUntil}, attempts = attempts + 1,
        updated_at = ${now}
    WHERE id IN (
      SELECT m.id FROM webhook_messages AS m
      JOIN webhook_endpoints AS e ON e.id = m.endpoint_id
      WHERE e.disabled_at IS NULL
        AND ((m.status = 'pending' AND m.next_attempt_at <= ${now})
          OR (m.status = 'sending' AND m.lease_until <= ${now}))
      ORDER BY m.next_attempt_at
      LIMIT ${options.limit}
    )
    RETURNING id, endpoint_id, type, payload, attempts, created_at
  `.execute(db);
  return result.rows.map((row) => ({
    id: row.id,
    endpointId: row.endpoint_id,
    type: row.type,
    payload: row.payload,
    attempts: row.attempts,
    createdAt: row.created_at,
  }));
}

/** How many messages are due to be sent by `now` (the cron's reason to enqueue a job). */
export async function countDueWebhookMessages(db: Db, now: string): Promise<number> {
  const row = await sql<{ due: number }>`
    SELECT count(*) AS due FROM webhook_messages AS m
    JOIN webhook_endpoints AS e ON e.id = m.endpoint_id
    WHERE e.disabled_at IS NULL
      AND ((m.status = 'pending' AND m.next_attempt_at <= ${now})
        OR (m.status = 'sending' AND m.lease_until <= ${now}))
  `.execute(db);
  return Number(row.rows[0]?.due ?? 0);
}

/** Settles a claimed message as delivered, and the endpoint as healthy. */
export async function markWebhookDelivered(
  db: Db,
  message: { id: string; endpointId: number; status: number },
  now: string,
): Promise<void> {
  await db
    .updateTable('webhook_messages')
    .set({
      status: 'delivered',
      lease_until: null,
      last_status: message.status,
      last_error: null,
      delivered_at: now,
      updated_at: now,
    })
    .where('id', '=', message.id)
    .where('status', '=', 'sending')
    .execute();
  await db
    .updateTable('webhook_endpoints')
    .set({ failing_since: null })
    .where('id', '=', message.endpointId)
    .where('failing_since', 'is not', null)
    .execute();
}

/**
 * Settles a failed attempt: due again at `retryAt`, or failed for good when that is null.
 * The endpoint's run of failures starts now unless it had already begun; once it has lasted
 * `disableAfterMs`, the endpoint is disabled. Returns whether this disabled it.
 */
export async function markWebhookFailed(
  db: Db,
  message: { id: string; endpointId: number; status: number | null; error: string },
  options: { now: string; retryAt: string | null; failingBefore: string },
): Promise<boolean> {
  const { now } = options;
  const status: WebhookMessageStatus = options.retryAt === null ? 'failed' : 'pending';
  await db
    .updateTable('webhook_messages')
    .set({
      status,
      lease_until: null,
      next_attempt_at: options.retryAt ?? now,
      last_status: message.status,
      last_error: message.error.slice(0, 200),
      updated_at: now,
    })
    .where('id', '=', message.id)
    .where('status', '=', 'sending')
    .execute();
  await db
    .updateTable('webhook_endpoints')
    .set({ failing_since: now })
    .where('id', '=', message.endpointId)
    .where('failing_since', 'is', null)
    .execute();
  const disabled = await db
    .updateTable('webhook_endpoints')
    .set({
      disabled_at: now,
      disabled_reason: 'failing for three days',
      updated_at: now,
    })
    .where('id', '=', message.endpointId)
    .where('disabled_at', 'is', null)
    .where('failing_since', '<=', options.failingBefore)
    .executeTakeFirst();
  return disabled.numUpdatedRows > 0n;
}

/** Counts of an endpoint's ledger, for the console and the API. */
export interface EndpointTally {
  readonly endpointId: number;
  readonly pending: number;
  readonly delivered: number;
  readonly failed: number;
  readonly lastError: string | null;
}

export async function webhookTallies(db: Db): Promise<Map<number, EndpointTally>> {
  const rows = await db
    .selectFrom('webhook_messages')
    .select((eb) => [
      'endpoint_id',
      eb.fn
        .sum<number>(sql`CASE WHEN status IN ('pending', 'sending') THEN 1 ELSE 0 END`)
        .as('pending'),
      eb.fn.sum<number>(sql`CASE WHEN status = 'delivered' THEN 1 ELSE 0 END`).as('delivered'),
      eb.fn.sum<number>(sql`CASE WHEN status = 'failed' THEN 1 ELSE 0 END`).as('failed'),
      sql<string | null>`(SELECT last_error FROM webhook_messages AS l
        WHERE l.endpoint_id = webhook_messages.endpoint_id AND l.last_error IS NOT NULL
        ORDER BY l.updated_at DESC LIMIT 1)`.as('last_error'),
    ])
    .groupBy('endpoint_id')
    .execute();
  return new Map(
    rows.map((row) => [
      row.endpoint_id,
      {
        endpointId: row.endpoint_id,
        pending: Number(row.pending),
        delivered: Number(row.delivered),
        failed: Number(row.failed),
        lastError: row.last_error,
      },
    ]),
  );
}

/** Forgets every payload that named an erased subscriber (their address among them). */
export async function deleteWebhookMessagesOf(db: Db, subscriberId: number): Promise<void> {
  await db.deleteFrom('webhook_messages').where('subscriber_id', '=', subscriberId).execute();
}

/** Replaces an endpoint's sealed secret, unless it changed since `previous` was read. */
export async function resealWebhookSecret(
  db: Db,
  change: { id: number; previous: string; sealed: string },
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set({ secret_ciphertext: change.sealed })
    .where('id', '=', change.id)
    .where('secret_ciphertext', '=', change.previous)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
