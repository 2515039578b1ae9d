-- The operator's console and command line.

-- Sign-in attempts to /admin, kept in the database so that the limits hold across processes
-- and on Workers. `client` is a keyed hash of the client's IP address (src/admin/client.ts),
-- never the address itself. A row is written before the password is checked, so parallel
-- guesses all count; a successful sign-in deletes its client's rows; rows older than a day
-- are deleted on the next attempt.
CREATE TABLE admin_logins (
  id INTEGER PRIMARY KEY,
  client TEXT NOT NULL,
  attempted_at TEXT NOT NULL
);

CREATE INDEX admin_logins_by_client ON admin_logins (client, attempted_at);
CREATE INDEX admin_logins_by_time ON admin_logins (attempted_at);

-- `tend import` refuses an address that a stopped subscriber (unsubscribed, bounced,
-- complained) left under another letter case ("Sam@" against "sam@"): looked up by lower(email).
CREATE INDEX subscribers_email_lower ON subscribers (lower(email));
