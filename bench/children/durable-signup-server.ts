import { mkdirSync, writeFile } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { openSqlite } from '../../src/db/sqlite.ts';
import { nodeAddressHasher } from '../../src/node/address-hasher.ts';
import { readCourses } from '../../src/node/deps.ts';
import { parseSignup, type SignupInput } from '../../src/subscribers/signup-input.ts';
import { newTokenId } from '../../src/tokens/token.ts';

/**
 * The signup's durable baseline: a bare `node:http` server doing, per request, the work a
 * recorded and confirmed signup needs, with nothing of Tend's around it (no framework, no
 * Kysely, no batching of commits, no mail composing):
 *
 * - reads the body and parses the form with Tend's own parseSignup (as Tend's route does);
 * - hashes the address with Tend's keyed hasher (the suppression check's key);
 * - in one better-sqlite3 transaction, with the pragmas of src/db/sqlite.ts (WAL,
 *   synchronous=NORMAL, foreign_keys, secure_delete, busy_timeout) and the schema of Tend's
 *   own migrations, runs the statements a new address costs Tend's signUp
 *   (src/subscribers/signup.ts): the suppressed-address lookup, the person's and then the
 *   enrollment's INSERT ... ON CONFLICT DO NOTHING RETURNING id, the confirmation delivery's
 *   INSERT ... ON CONFLICT DO NOTHING;
 * - writes the confirmation as a file of `--eml-bytes` bytes (the mean size of the .eml files
 *   Tend wrote in the same run) with fs.writeFile, flag 'wx', mode 0600, as Tend's outbox does;
 * - records the delivery as sent (one UPDATE, Tend's recordSent's columns), then answers 303.
 *
 * Keep the statements in step with signUp: when its statements change, change them here.
 * Prints {"port"} once it listens; on SIGTERM prints the counts of its rows.
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    outbox: { type: 'string' },
    'eml-bytes': { type: 'string' },
    secret: { type: 'string' },
  },
});
const databasePath = values.database;
const outbox = values.outbox;
const emlBytes = Number(values['eml-bytes']);
if (!databasePath || !outbox || !(emlBytes > 0) || !values.secret) {
  console.error('usage: durable-signup-server --database P --outbox DIR --eml-bytes N --secret S');
  process.exit(2);
}

// Tend's schema, from its migrations; then a plain better-sqlite3 handle on it.
await (await openSqlite(databasePath)).close();
const db = new SQLite(databasePath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('secure_delete = ON');
db.pragma('busy_timeout = 5000');
mkdirSync(outbox, { recursive: true, mode: 0o700 });

const suppressed = db.prepare('SELECT email_hash FROM suppressed_addresses WHERE email_hash = ?');
const insertSubscriber = db.prepare(`
  INSERT INTO subscribers (email, name, created_at, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT DO NOTHING
  RETURNING id`);
const insertEnrollment = db.prepare(`
  INSERT INTO enrollments (subscriber_id, course_id, role, timezone, send_time, send_days,
    discreet, status, next_send_at, paused_until, stop_reason, created_at, confirmed_at,
    unsubscribed_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL, ?, NULL, NULL, ?)
  ON CONFLICT DO NOTHING
  RETURNING id`);
const insertDelivery = db.prepare(`
  INSERT INTO deliveries (enrollment_id, round, message_key, token_id, status, due_at,
    created_at, updated_at)
  VALUES (?, 0, 'confirm:1', ?, 'queued', ?, ?, ?)
  ON CONFLICT (enrollment_id, round, message_key) DO NOTHING`);
const recordSent = db.prepare(`
  UPDATE deliveries SET status = 'sent', provider_id = ?, sent_at = ?, lease_until = NULL,
    last_error = NULL, updated_at = ?
  WHERE id = ? AND status = 'queued'`);
const hash = nodeAddressHasher(values.secret);
const courses = readCourses();

/**
 * One new enrollment's rows, or null when the address is suppressed or already enrolled in
 * the course (a known person is not looked up: the bench's addresses are all new).
 */
const record = db.transaction((input: SignupInput): number | null => {
  if (suppressed.get(hash(input.email)) !== undefined) return null;
  const now = new Date().toISOString();
  const person = insertSubscriber.get(input.email, input.name, now, now) as
    | { id: number }
    | undefined;
  if (!person) return null;
  const enrollment = insertEnrollment.get(
    person.id,
    input.course.id,
    input.role,
    input.timezone,
    input.sendTime,
    input.course.schedule.sendDays.join(''),
    input.discreet ? 1 : 0,
    now,
    now,
  ) as { id: number } | undefined;
  if (!enrollment) return null;
  const delivery = insertDelivery.run(enrollment.id, newTokenId(), now, now, now);
  return delivery.changes === 1 ? Number(delivery.lastInsertRowid) : null;
});

// The confirmation's bytes: any content, the size Tend's were.
const eml = Buffer.alloc(emlBytes, 'QmVuY2ggY29uZmlybWF0aW9uIGJvZHku\r\n');
const MAX_BODY = 64 * 1024;

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/subscribe') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY) {
      res.writeHead(413).end();
      return;
    }
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const parsed = parseSignup(form, { timezone: 'UTC', courses });
    if (!parsed.ok) {
      res.writeHead(400).end('invalid');
      return;
    }
    const deliveryId = record(parsed.value);
    const answer = () => res.writeHead(303, { location: '/check-your-inbox' }).end();
    if (deliveryId === null) {
      answer();
      return;
    }
    writeFile(join(outbox, `${deliveryId}.eml`), eml, { flag: 'wx', mode: 0o600 }, (error) => {
      if (error) {
        res.writeHead(500).end();
        return;
      }
      const now = new Date().toISOString();
      recordSent.run(`outbox-${deliveryId}`, now, now, deliveryId);
      answer();
    });
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' ? address?.port : undefined }));
});

const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const stop = () => {
  server.close(() => {
    console.log(
      JSON.stringify({
        subscribers: count('SELECT count(*) AS n FROM subscribers'),
        enrollments: count('SELECT count(*) AS n FROM enrollments'),
        deliveries: count('SELECT count(*) AS n FROM deliveries'),
        sent: count("SELECT count(*) AS n FROM deliveries WHERE status = 'sent'"),
      }),
    );
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
