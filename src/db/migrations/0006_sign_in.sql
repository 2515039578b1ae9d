-- Signing in to the journal and to one's data (src/routes/sign-in.tsx).

-- Sign-in links, one per "email me a sign-in link" that was sent. `token_id` is the random id
-- of the link (the usable token adds an HMAC for the purpose 'signin', src/tokens), useless
-- alone. A link works once (`used_at`) and for 30 minutes; recent rows per subscriber are
-- what limits how often a link can be asked for.
CREATE TABLE sign_in_links (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  token_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  used_at TEXT
);

CREATE INDEX sign_in_links_by_subscriber ON sign_in_links (subscriber_id, created_at);

-- Signed-in sessions. The cookie holds a random id; only its SHA-256 is kept here, so a copy
-- of the database opens no session. A session ends 30 minutes after it was last used, or at
-- sign-out, or when its subscriber is erased.
CREATE TABLE subscriber_sessions (
  id_hash TEXT PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);

CREATE INDEX subscriber_sessions_by_subscriber ON subscriber_sessions (subscriber_id);
CREATE INDEX subscriber_sessions_by_last_seen ON subscriber_sessions (last_seen_at);
