-- Rate limits, the profile a signup waits to apply, and one subscriber per address.

-- Token buckets of the forms that send mail (src/limits/). `bucket` names the form and a
-- keyed hash of the client's address (or the global bucket); the address itself is never
-- stored. Times are milliseconds since the epoch, so refilling is arithmetic in one statement.
CREATE TABLE rate_buckets (
  bucket TEXT PRIMARY KEY,
  tokens REAL NOT NULL,
  updated_ms INTEGER NOT NULL,
  -- Whether the last take got a token: what the taking statement returns.
  granted INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE INDEX rate_buckets_by_age ON rate_buckets (updated_ms);

-- The profile given with a signup for an address that was already there, applied only when
-- that signup's own confirmation is used (src/subscribers/confirm.ts). A new address keeps
-- its profile on its (pending) subscriber row instead, which no one else can change.
CREATE TABLE pending_signups (
  delivery_id INTEGER PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
  name TEXT,
  role TEXT CHECK (role IS NULL OR role IN ('broke', 'hurt', 'together')),
  timezone TEXT NOT NULL,
  send_time TEXT NOT NULL,
  discreet INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Console sign-in backs off per client instead of locking everyone out (src/admin/lockout.ts).
-- A success no longer deletes its client's failures but forgives them, so that the day's
-- failed attempts can be counted on the overview.
ALTER TABLE admin_logins ADD COLUMN forgiven INTEGER NOT NULL DEFAULT 0;

-- Merge subscribers whose addresses differ only in letter case into one: the most advanced
-- enrollment (the furthest step, then a confirmed one, then the oldest) keeps its row; the
-- others' deliveries and reflections move to it unless the same (round, message) is already
-- there. A moved email still waiting to go is cancelled: the merge mails no one.
CREATE TABLE merge_0007 (loser INTEGER PRIMARY KEY, winner INTEGER NOT NULL);

INSERT INTO merge_0007 (loser, winner)
SELECT s.id, (
  SELECT w.id FROM subscribers w
  WHERE lower(w.email) = lower(s.email)
  ORDER BY w.next_step DESC, w.status IN ('active', 'paused', 'completed') DESC, w.id
  LIMIT 1
)
FROM subscribers s
WHERE lower(s.email) IN (SELECT lower(email) FROM subscribers GROUP BY lower(email) HAVING count(*) > 1);

DELETE FROM merge_0007 WHERE loser = winner;

-- A reflection on an email the winner also has (same round and message) moves to the
-- winner's copy of that email; a second web entry for the same email cannot (one per email)
-- and goes with its duplicate.
UPDATE reflections
SET subscriber_id = (SELECT winner FROM merge_0007 WHERE loser = reflections.subscriber_id),
  delivery_id = coalesce((
    SELECT w.id FROM deliveries d
    JOIN merge_0007 m ON m.loser = d.subscriber_id
    JOIN deliveries w ON w.subscriber_id = m.winner AND w.round = d.round AND w.message_key = d.message_key
    WHERE d.id = reflections.delivery_id
  ), delivery_id)
WHERE subscriber_id IN (SELECT loser FROM merge_0007)
  AND NOT (source = 'web' AND EXISTS (
    SELECT 1 FROM deliveries d
    JOIN merge_0007 m ON m.loser = d.subscriber_id
    JOIN deliveries w ON w.subscriber_id = m.winner AND w.round = d.round AND w.message_key = d.message_key
    JOIN reflections r ON r.delivery_id = w.id AND r.source = 'web'
    WHERE d.id = reflections.delivery_id
  ));

UPDATE OR IGNORE deliveries
SET subscriber_id = (SELECT winner FROM merge_0007 WHERE loser = deliveries.subscriber_id),
  status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END
WHERE subscriber_id IN (SELECT loser FROM merge_0007);

-- What is left under the losers are true duplicates.
DELETE FROM reflections WHERE subscriber_id IN (SELECT loser FROM merge_0007);
DELETE FROM deliveries WHERE subscriber_id IN (SELECT loser FROM merge_0007);
DELETE FROM subscribers WHERE id IN (SELECT loser FROM merge_0007);
DROP TABLE merge_0007;

-- One subscriber per address whatever the letter case (SQLite's lower() folds ASCII, which
-- is all an accepted address can hold: src/subscribers/signup-input.ts).
DROP INDEX subscribers_email_lower;
CREATE UNIQUE INDEX subscribers_email_lower ON subscribers (lower(email));
