-- A store-day is computed once its bookings have been quiet for poshub.day-close.settle, or once it has waited
-- poshub.day-close.max-wait since it was first marked (so a store that never stops booking is still computed).
ALTER TABLE day_close_pending ADD COLUMN pending_since DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3) AFTER touched_at;
