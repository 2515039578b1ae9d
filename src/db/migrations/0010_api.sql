-- API keys, outgoing webhook endpoints and their delivery ledger (issue 19).

-- A key is shown once; only the SHA-256 (hex) of the whole key is kept, and a request is
-- looked up by that hash, so a wrong key and a revoked one cost the same single lookup.
-- `prefix` (the key's first characters) lets the operator tell keys apart in lists.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
-- One live key per name (a revoked name may be used again).
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;

-- Where events are posted. `events` is '*' or a list wrapped in commas (',a,b,'), so that
-- instr() matches whole names. The signing secret is sealed with the reflections' cipher
-- (src/outgoing/secret.ts). `failing_since` is the start of the current run of failed
-- attempts; three days of it disable the endpoint.
CREATE TABLE webhook_endpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '*',
  secret_ciphertext TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  failing_since TEXT,
  disabled_at TEXT,
  disabled_reason TEXT
);

-- The ledger: one row per event and endpoint, written before anything is sent. `id` is the
-- `webhook-id` of every attempt (receivers de-duplicate by it); `payload` is the body exactly
-- as sent. `subscriber_id` (no foreign key: `subscriber.erased` outlives the row) lets an
-- erasure remove every payload that named the person.
CREATE TABLE webhook_messages (
  id TEXT PRIMARY KEY,
  endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  subscriber_id INTEGER,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at)
  WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, created_at);
CREATE INDEX webhook_messages_subscriber ON webhook_messages (subscriber_id)
  WHERE subscriber_id IS NOT NULL;

-- How a subscriber's consent was given when it was not by our own confirmation link: an API
-- call with `confirmed: true` says the person agreed elsewhere, and this records by which
-- key and when. Erasing the subscriber erases it (ON DELETE CASCADE).
CREATE TABLE consent_records (
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  course_id TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (subscriber_id, course_id)
);
