-- Gift cards sold and taken back on receipts (contract §19): the activity names the sale line that moved the card
-- (store/register/ticket/business date/line of the ticket), once per card, and the business day it belongs to.
ALTER TABLE gift_card_activity
    ADD COLUMN receipt_line  VARCHAR(200) NULL COMMENT 'the sale line that sold (ACTIVATE, LOAD) or took back (RETURN) the card',
    ADD COLUMN business_date DATE         NULL COMMENT 'the business day of that sale',
    ADD UNIQUE KEY uk_gift_card_activity_receipt (gift_card_id, receipt_line),
    ADD KEY ix_gift_card_activity_sold (store, business_date);
