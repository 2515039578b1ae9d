-- A reader may leave `role` unset: they then get every perspective. The column was
-- NOT NULL with a CHECK; SQLite cannot relax a column in place, and rebuilding the table
-- would cascade-delete every delivery (ON DELETE CASCADE), so the role moves to a fresh
-- nullable column instead. DROP COLUMN works here because no index, view or other
-- column's CHECK names `role`; RENAME COLUMN carries the new CHECK along.
ALTER TABLE subscribers ADD COLUMN reader_role TEXT
  CHECK (reader_role IS NULL OR reader_role IN ('broke', 'hurt', 'together'));
UPDATE subscribers SET reader_role = role;
ALTER TABLE subscribers DROP COLUMN role;
ALTER TABLE subscribers RENAME COLUMN reader_role TO role;
