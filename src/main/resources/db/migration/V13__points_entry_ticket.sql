-- A points entry names its sale's ticket, so a member's points history is read from the ledger alone (loyalty's
-- table) instead of joining the sale table (sale's). A ticket number never changes once booked.
ALTER TABLE points_entry ADD COLUMN ticket VARCHAR(64) NULL AFTER sale_id;
UPDATE points_entry p JOIN sale s ON s.id = p.sale_id SET p.ticket = s.ticket WHERE p.sale_id IS NOT NULL;
