-- Reflections, check-in reminders and the preferences that steer them.

-- A subscriber's own words about one message (a lesson or a check-in). The text is only ever
-- stored encrypted (AES-256-GCM, see src/reflections/cipher.ts); this table holds no plain text.
CREATE TABLE reflections (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  -- The email the reflection answers; its message_key says which lesson or check-in.
  delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  message_key TEXT NOT NULL,
  -- 'email' (a reply) or 'web' (written on /reflect). Replies are all kept; the web one is edited.
  source TEXT NOT NULL CHECK (source IN ('email', 'web')),
  ciphertext TEXT NOT NULL,
  -- The provider's id of the received email, so a redelivered webhook stores a reply once.
  inbound_id TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX reflections_by_subscriber ON reflections (subscriber_id, id);
CREATE UNIQUE INDEX reflections_one_web_entry ON reflections (delivery_id) WHERE source = 'web';

-- Check-in reminders: ISO weekdays ('7' = Sundays; '' = off) at a local time.
ALTER TABLE subscribers ADD COLUMN checkin_days TEXT NOT NULL DEFAULT '';
ALTER TABLE subscribers ADD COLUMN checkin_time TEXT NOT NULL DEFAULT '19:00';
ALTER TABLE subscribers ADD COLUMN next_checkin_at TEXT;
-- Whether a reply by email is acknowledged with a short "saved to your journal" email.
ALTER TABLE subscribers ADD COLUMN acknowledge_replies INTEGER NOT NULL DEFAULT 1;

CREATE INDEX subscribers_checkins_due ON subscribers (next_checkin_at)
  WHERE next_checkin_at IS NOT NULL;

-- Addresses erased at their owner's request after they had unsubscribed, bounced or
-- complained: only a keyed one-way hash is kept, so an import can never mail them again.
CREATE TABLE suppressed_addresses (
  email_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
