-- Real delivery through a provider: batch membership, a persisted sending pause, and the
-- provider's events about what happened to each email.

-- The Idempotency-Key of the provider request that carries this delivery, set by the same
-- UPDATE ... RETURNING that claims it. A batch is every row with one key, in id order, and it
-- keeps that membership until all its rows are settled: a batch retried after a crash, an
-- expired lease or a failed call re-sends the same emails under the same key, so the
-- provider's de-duplication applies (it answers 409 to a key reused with another payload).
-- A confirmation is a batch of one sent through the single-email endpoint.
ALTER TABLE deliveries ADD COLUMN batch_key TEXT;

-- Batches that still have rows to send: claimed ones, and ones waiting to be retried.
CREATE INDEX deliveries_open_batches ON deliveries (batch_key, due_at)
  WHERE batch_key IS NOT NULL AND status IN ('queued', 'sending');

-- Webhook events name the provider's email id.
CREATE INDEX deliveries_provider_id ON deliveries (provider_id) WHERE provider_id IS NOT NULL;

-- When the provider says the account cannot send (a spent daily or monthly quota, refused
-- credentials), every sending run waits until `until`. One row at most.
CREATE TABLE provider_pause (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  until TEXT NOT NULL,
  reason TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Webhook events from the provider, one row per svix-id, so a redelivered event is applied
-- once. Holds no address, subject or body: only ids, the type and a short detail.
CREATE TABLE delivery_events (
  id INTEGER PRIMARY KEY,
  svix_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  -- The provider's email id, and the delivery it maps to (NULL when none does).
  email_id TEXT,
  delivery_id INTEGER REFERENCES deliveries (id) ON DELETE SET NULL,
  -- e.g. the bounce type ('Permanent', 'Transient').
  detail TEXT,
  occurred_at TEXT,
  received_at TEXT NOT NULL,
  -- Set once the event's effects are applied; an event stored but not processed (a crash in
  -- between) is processed again when the provider redelivers it.
  processed_at TEXT
);
