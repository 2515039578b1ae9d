-- Many courses per address: the person (subscribers: address and name) is split from their
-- place in each course (enrollments: schedule, progress, break, check-ins). Deliveries and
-- reflections belong to an enrollment; sign-in links and sessions to the person.
--
-- SQLite cannot move a column or drop a constraint in place, so every table that refers to
-- subscribers or deliveries is rebuilt: new tables are filled, the old ones dropped children
-- first (so that no ON DELETE CASCADE or SET NULL touches a copied row), then renamed.
-- Upgraded rows keep their ids: an enrollment's id is its old subscriber's id, and every
-- delivery keeps its id and token_id, so links already sent keep working.

CREATE TABLE subscribers_new (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO subscribers_new (id, email, name, created_at, updated_at)
SELECT id, email, name, created_at, updated_at FROM subscribers;

CREATE TABLE enrollments (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers_new (id) ON DELETE CASCADE,
  course_id TEXT NOT NULL,
  -- A role id of the course; NULL: none chosen, every perspective.
  role TEXT,
  timezone TEXT NOT NULL,
  send_time TEXT NOT NULL,
  send_days TEXT NOT NULL DEFAULT '1234567',
  discreet INTEGER NOT NULL DEFAULT 0,
  -- pending | active | paused | completed | unsubscribed | bounced | complained | suppressed
  status TEXT NOT NULL,
  round INTEGER NOT NULL DEFAULT 0,
  next_step INTEGER NOT NULL DEFAULT 0,
  next_send_at TEXT,
  paused_until TEXT,
  stop_reason TEXT,
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  unsubscribed_at TEXT,
  updated_at TEXT NOT NULL,
  checkin_days TEXT NOT NULL DEFAULT '',
  checkin_time TEXT NOT NULL DEFAULT '19:00',
  next_checkin_at TEXT,
  acknowledge_replies INTEGER NOT NULL DEFAULT 1,
  UNIQUE (subscriber_id, course_id)
);
INSERT INTO enrollments (id, subscriber_id, course_id, role, timezone, send_time, send_days,
  discreet, status, round, next_step, next_send_at, paused_until, stop_reason, created_at,
  confirmed_at, unsubscribed_at, updated_at, checkin_days, checkin_time, next_checkin_at,
  acknowledge_replies)
SELECT id, id, course_id, role, timezone, send_time, send_days, discreet, status, round,
  next_step, next_send_at, paused_until, stop_reason, created_at, confirmed_at,
  unsubscribed_at, updated_at, checkin_days, checkin_time, next_checkin_at, acknowledge_replies
FROM subscribers;

CREATE TABLE deliveries_new (
  id INTEGER PRIMARY KEY,
  enrollment_id INTEGER NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  round INTEGER NOT NULL,
  message_key TEXT NOT NULL,
  token_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  due_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until TEXT,
  provider_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  batch_key TEXT,
  UNIQUE (enrollment_id, round, message_key)
);
INSERT INTO deliveries_new (id, enrollment_id, round, message_key, token_id, status, due_at,
  attempts, lease_until, provider_id, last_error, created_at, sent_at, updated_at, batch_key)
SELECT id, subscriber_id, round, message_key, token_id, status, due_at, attempts, lease_until,
  provider_id, last_error, created_at, sent_at, updated_at, batch_key
FROM deliveries;

CREATE TABLE reflections_new (
  id INTEGER PRIMARY KEY,
  enrollment_id INTEGER NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  delivery_id INTEGER NOT NULL REFERENCES deliveries_new (id) ON DELETE CASCADE,
  message_key TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('email', 'web')),
  ciphertext TEXT NOT NULL,
  inbound_id TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO reflections_new (id, enrollment_id, delivery_id, message_key, source, ciphertext,
  inbound_id, created_at, updated_at)
SELECT id, subscriber_id, delivery_id, message_key, source, ciphertext, inbound_id, created_at,
  updated_at
FROM reflections;

CREATE TABLE delivery_events_new (
  id INTEGER PRIMARY KEY,
  svix_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  email_id TEXT,
  delivery_id INTEGER REFERENCES deliveries_new (id) ON DELETE SET NULL,
  detail TEXT,
  occurred_at TEXT,
  received_at TEXT NOT NULL,
  processed_at TEXT
);
INSERT INTO delivery_events_new SELECT id, svix_id, type, email_id, delivery_id, detail,
  occurred_at, received_at, processed_at FROM delivery_events;

CREATE TABLE pending_signups_new (
  delivery_id INTEGER PRIMARY KEY REFERENCES deliveries_new (id) ON DELETE CASCADE,
  name TEXT,
  role TEXT,
  timezone TEXT NOT NULL,
  send_time TEXT NOT NULL,
  discreet INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
INSERT INTO pending_signups_new SELECT delivery_id, name, role, timezone, send_time, discreet,
  created_at FROM pending_signups;

CREATE TABLE sign_in_links_new (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers_new (id) ON DELETE CASCADE,
  token_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  used_at TEXT
);
INSERT INTO sign_in_links_new SELECT id, subscriber_id, token_id, created_at, used_at
FROM sign_in_links;

CREATE TABLE subscriber_sessions_new (
  id_hash TEXT PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers_new (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
INSERT INTO subscriber_sessions_new SELECT id_hash, subscriber_id, created_at, last_seen_at
FROM subscriber_sessions;

DROP TABLE delivery_events;
DROP TABLE pending_signups;
DROP TABLE reflections;
DROP TABLE sign_in_links;
DROP TABLE subscriber_sessions;
DROP TABLE deliveries;
DROP TABLE subscribers;

ALTER TABLE subscribers_new RENAME TO subscribers;
ALTER TABLE deliveries_new RENAME TO deliveries;
ALTER TABLE reflections_new RENAME TO reflections;
ALTER TABLE delivery_events_new RENAME TO delivery_events;
ALTER TABLE pending_signups_new RENAME TO pending_signups;
ALTER TABLE sign_in_links_new RENAME TO sign_in_links;
ALTER TABLE subscriber_sessions_new RENAME TO subscriber_sessions;

CREATE UNIQUE INDEX subscribers_email_lower ON subscribers (lower(email));
CREATE INDEX enrollments_due ON enrollments (next_send_at) WHERE status = 'active';
CREATE INDEX enrollments_checkins_due ON enrollments (next_checkin_at)
  WHERE next_checkin_at IS NOT NULL;
CREATE INDEX enrollments_by_course ON enrollments (course_id, status);
CREATE INDEX deliveries_queued ON deliveries (due_at) WHERE status = 'queued';
CREATE INDEX deliveries_sending ON deliveries (lease_until) WHERE status = 'sending';
CREATE INDEX deliveries_open_batches ON deliveries (batch_key, due_at)
  WHERE batch_key IS NOT NULL AND status IN ('queued', 'sending');
CREATE INDEX deliveries_provider_id ON deliveries (provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX deliveries_by_batch ON deliveries (batch_key) WHERE batch_key IS NOT NULL;
CREATE INDEX deliveries_confirmations_queued ON deliveries (status, due_at)
  WHERE status = 'queued' AND batch_key IS NULL AND message_key LIKE 'confirm:%';
CREATE INDEX deliveries_retries_queued ON deliveries (status, due_at)
  WHERE status = 'queued' AND batch_key IS NOT NULL;
CREATE INDEX reflections_by_enrollment ON reflections (enrollment_id, id);
CREATE UNIQUE INDEX reflections_one_web_entry ON reflections (delivery_id) WHERE source = 'web';
CREATE INDEX sign_in_links_by_subscriber ON sign_in_links (subscriber_id, created_at);
CREATE INDEX subscriber_sessions_by_subscriber ON subscriber_sessions (subscriber_id);
CREATE INDEX subscriber_sessions_by_last_seen ON subscriber_sessions (last_seen_at);
