-- Tiers, linked returns, parked sales booked later, idempotent redemptions.

-- The tier an admin or an import assigned; the effective tier (member.tier) is the higher of it and
-- the tier the lifetime earned points reach.
ALTER TABLE member ADD COLUMN assigned_tier VARCHAR(20) NOT NULL DEFAULT 'BASE' AFTER tier;

-- The multiplier a sale earned at, and the original sale a return names.
ALTER TABLE sale ADD COLUMN multiplier DECIMAL(6,3) NULL AFTER points;
ALTER TABLE sale ADD COLUMN orig_sale_id BIGINT NULL AFTER orig_ticket;
ALTER TABLE sale ADD CONSTRAINT fk_sale_orig_sale FOREIGN KEY (orig_sale_id) REFERENCES sale (id);
ALTER TABLE sale ADD KEY ix_sale_orig_lookup (merchant, store, register, ticket);

-- The mapping a parked sale was read with: its earn program applies when it is booked.
ALTER TABLE parked_sale ADD COLUMN mapping VARCHAR(64) NOT NULL DEFAULT '' AFTER feed;
ALTER TABLE parked_sale ADD KEY ix_parked_sale_open (booked_at);

-- One row per Idempotency-Key of a member's redemption: the first answer, returned again on replay.
CREATE TABLE redemption_request (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    member_id       BIGINT       NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL,
    http_status     INT          NOT NULL,
    body            TEXT         NOT NULL,
    created_at      DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    UNIQUE KEY uk_redemption_request_key (member_id, idempotency_key),
    CONSTRAINT fk_redemption_request_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
