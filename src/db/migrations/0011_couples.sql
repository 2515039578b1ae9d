-- Couples mode (issue 18). Two enrollments in the same course may be linked; sharing is
-- per reflection and shown to the partner only when both shared (src/couples/reveal.ts).
--
-- A link is two rows, one per side, so that either side finds its partner by its own key
-- and unlinking deletes both. A half-written link (a crash between the two inserts; D1 has
-- no transactions) counts as no link: readers require both rows (src/db/couples.ts).
CREATE TABLE couple_links (
  enrollment_id INTEGER PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
  partner_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  linked_at TEXT NOT NULL
);
CREATE INDEX couple_links_partner ON couple_links (partner_id);

-- An invitation keeps no address: only the keyed hash of the invitee's (for "block
-- further invitations"). `token_id` is the random half of the /invite/<token> link.
CREATE TABLE couple_invitations (
  id INTEGER PRIMARY KEY,
  inviter_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  token_id TEXT NOT NULL UNIQUE,
  invitee_hash TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'accepted', 'declined', 'blocked')),
  -- The enrollment the invitee's signup created; linked when it is confirmed.
  invitee_id INTEGER REFERENCES enrollments(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX couple_invitations_inviter ON couple_invitations (inviter_id, created_at);
CREATE INDEX couple_invitations_invitee ON couple_invitations (invitee_id)
  WHERE invitee_id IS NOT NULL;

-- Addresses that asked for no more invitations, as keyed hashes (src/subscribers/address-hash.ts).
CREATE TABLE blocked_invitees (
  email_hash TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

-- A lesson that waited for the partner: its email says why, in a sentence.
CREATE TABLE couple_waits (
  enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('partner-behind', 'partner-break')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, step)
);

ALTER TABLE reflections ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
