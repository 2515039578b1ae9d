-- Tend's first schema. Times are UTC ISO-8601 strings ("2026-11-25T08:00:00.000Z"), which
-- sort and compare correctly as text on SQLite and D1 alike.

CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  role TEXT NOT NULL CHECK (role IN ('broke', 'hurt', 'together')),
  timezone TEXT NOT NULL,
  send_time TEXT NOT NULL,
  -- ISO weekdays on which lessons may arrive, e.g. '12345' for Monday to Friday.
  send_days TEXT NOT NULL DEFAULT '1234567',
  discreet INTEGER NOT NULL DEFAULT 0,
  course_id TEXT NOT NULL,
  -- pending | active | paused | completed | unsubscribed | bounced | complained | suppressed
  status TEXT NOT NULL,
  -- Each confirmation starts a new round of the course; message keys are unique per round.
  round INTEGER NOT NULL DEFAULT 0,
  -- The next course message: 0 welcome, 1..N lessons, N+1 the closing email, N+2 nothing.
  next_step INTEGER NOT NULL DEFAULT 0,
  -- When the next course message is due; NULL when nothing is scheduled.
  next_send_at TEXT,
  paused_until TEXT,
  stop_reason TEXT,
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  unsubscribed_at TEXT,
  updated_at TEXT NOT NULL
);

CREATE INDEX subscribers_due ON subscribers (next_send_at) WHERE status = 'active';

-- Every email Tend sends is one row here, written before the provider is called. The unique
-- (subscriber_id, round, message_key) is what makes a message go out at most once per person.
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  round INTEGER NOT NULL,
  -- 'confirm:1', 'welcome', 'lesson:3', 'closing', 'checkin:2026-12-06', ...
  message_key TEXT NOT NULL,
  -- Random id of the links in this email; the usable token adds an HMAC (src/tokens).
  token_id TEXT NOT NULL UNIQUE,
  -- queued | sending | sent | delivered | failed | cancelled | bounced | complained
  status TEXT NOT NULL,
  due_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- While status = 'sending': the claim expires then and another run may take it over.
  lease_until TEXT,
  provider_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (subscriber_id, round, message_key)
);

CREATE INDEX deliveries_queued ON deliveries (due_at) WHERE status = 'queued';
CREATE INDEX deliveries_sending ON deliveries (lease_until) WHERE status = 'sending';

-- Where emails go when no provider is configured and the runtime has no file system
-- (Workers in local development). Node writes .eml files instead.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  eml TEXT NOT NULL,
  created_at TEXT NOT NULL
);
