-- E-receipts (contract §22): how a member wants the receipts of its purchases — by e-mail, by SMS, or not at all
-- (the default). Each change is kept in member_consent as kind RECEIPT, the channel beside the yes/no.
ALTER TABLE member ADD COLUMN receipt_consent VARCHAR(5) NOT NULL DEFAULT 'NONE' AFTER marketing_consent;
ALTER TABLE member_consent ADD COLUMN channel VARCHAR(5) NULL COMMENT 'RECEIPT: EMAIL, SMS or NONE' AFTER value;
