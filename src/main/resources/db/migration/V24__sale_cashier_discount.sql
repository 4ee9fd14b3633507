-- Who sold and what was taken off (contract §19): the cashier where the POS says it, each line's discount, and the
-- lines that sold or took back a gift card.
ALTER TABLE sale ADD COLUMN cashier VARCHAR(64) NULL COMMENT 'who rang the ticket up, as the POS writes it';
ALTER TABLE sale_line
    ADD COLUMN discount  DECIMAL(14,2) NULL COMMENT 'taken off the line: as the POS says, else price x quantity - net',
    ADD COLUMN gift_card BOOLEAN       NOT NULL DEFAULT FALSE COMMENT 'the line sold (or took back) a gift card';
