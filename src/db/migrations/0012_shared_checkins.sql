-- Shared check-ins (couples mode, issue 18). Linked partners who both tick "check-ins
-- together" get the same question on the same local date, each at their own time.
ALTER TABLE enrollments ADD COLUMN checkins_together INTEGER NOT NULL DEFAULT 0;

-- The question a shared check-in asks, fixed when it is planned: a retry of its email must
-- carry the same bytes even if the partners unlink or change days meanwhile. A check-in
-- without a row here asks the next question in the subscriber's own rotation.
CREATE TABLE shared_checkins (
  enrollment_id INTEGER NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  message_key TEXT NOT NULL,
  question INTEGER NOT NULL,
  PRIMARY KEY (enrollment_id, message_key)
);
