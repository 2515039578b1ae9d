-- Indexes that keep each claim of a sending run proportional to the batch it takes, not to
-- the queue behind it: a daily run of 100,000 lessons claims 1,000 batches, and a claim that
-- walks the whole queue makes the run quadratic (bench/figures/claiming.ts measures them).
-- The partial ones lead with `status` so that the planner, which has no statistics, prefers
-- them to deliveries_queued for the queries they are made for.

-- A batch's members, whatever their status (batchMembers re-sends a batch whole).
CREATE INDEX deliveries_by_batch ON deliveries (batch_key) WHERE batch_key IS NOT NULL;

-- Confirmations waiting for their first send: claimConfirmation runs before every batch, and
-- would otherwise walk every queued lesson to learn that none of them is a confirmation.
CREATE INDEX deliveries_confirmations_queued ON deliveries (status, due_at)
  WHERE status = 'queued' AND batch_key IS NULL AND message_key LIKE 'confirm:%';

-- Rows of open batches put back to be retried (reclaimOpenBatch, also before every batch).
CREATE INDEX deliveries_retries_queued ON deliveries (status, due_at)
  WHERE status = 'queued' AND batch_key IS NOT NULL;
