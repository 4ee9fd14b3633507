-- E-receipts (contract §22): one row per sale or gift-card activity booked for a member who wants receipts, and channel,
-- written in the transaction that booked it, so a receipt is neither lost by a crash nor made twice by a resend. No
-- address is kept here: the sender reads it from the member when it sends, so an erasure or a withdrawn consent stops it.
CREATE TABLE receipt_outbox (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    member_id     BIGINT       NOT NULL,
    merchant      VARCHAR(64)  NOT NULL,
    kind          VARCHAR(9)   NOT NULL COMMENT 'SALE or GIFT_CARD',
    source_id     BIGINT       NOT NULL COMMENT 'sale.id, or gift_card_activity.id',
    channel       VARCHAR(5)   NOT NULL COMMENT 'EMAIL or SMS',
    state         VARCHAR(7)   NOT NULL DEFAULT 'PENDING' COMMENT 'PENDING, SENT, or FAILED (tried poshub.receipts.max-tries times, or refused for good)',
    tries         INT          NOT NULL DEFAULT 0,
    next_at       DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    last_error    VARCHAR(500) NULL COMMENT 'why the last try failed, without the address',
    claimed_by    CHAR(36)     NULL COMMENT 'the node sending it, until claimed_until',
    claimed_until DATETIME(3)  NULL,
    created_at    DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    sent_at       DATETIME(3)  NULL,
    UNIQUE KEY uk_receipt_outbox_source (kind, source_id, channel),
    KEY ix_receipt_outbox_due (state, next_at),
    KEY ix_receipt_outbox_member (member_id),
    KEY ix_receipt_outbox_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
