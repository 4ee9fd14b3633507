-- Vouchers named in sales files (contract §18): a voucher the till took without asking the hub is marked used by the
-- receipt; one taken again on another sale (or after it was voided) says so, for the day close.
ALTER TABLE voucher
    ADD COLUMN used_on    VARCHAR(8)   NULL COMMENT 'TILL: the till took it through the hub; RECEIPT: a sales file said so',
    ADD COLUMN used_twice VARCHAR(200) NULL COMMENT 'where it was taken again after it was used or voided',
    ADD COLUMN used_twice_store VARCHAR(64) NULL,
    ADD COLUMN used_twice_at DATETIME(3) NULL;
UPDATE voucher SET used_on = 'TILL' WHERE status = 'USED';
