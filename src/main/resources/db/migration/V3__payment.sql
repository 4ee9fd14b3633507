-- Mobile payments carried for the tills (Vipps MobilePay ePayment) and every change of each.
CREATE TABLE payment (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reference       VARCHAR(50)  NOT NULL,
    provider        VARCHAR(16)  NOT NULL DEFAULT 'VIPPS',
    merchant        VARCHAR(64)  NOT NULL,
    store           VARCHAR(64)  NOT NULL,
    phone_masked    VARCHAR(20)  NULL COMMENT 'all but the last 4 digits masked',
    currency        CHAR(3)      NOT NULL,
    amount          BIGINT       NOT NULL COMMENT 'minor units',
    state           VARCHAR(12)  NOT NULL COMMENT 'provider state: CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED',
    authorized      BIGINT       NOT NULL DEFAULT 0,
    captured        BIGINT       NOT NULL DEFAULT 0,
    refunded        BIGINT       NOT NULL DEFAULT 0,
    cancelled       BIGINT       NOT NULL DEFAULT 0,
    psp_reference   VARCHAR(100) NULL,
    created_at      DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    updated_at      DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    expires_at      DATETIME(3)  NOT NULL,
    UNIQUE KEY uk_payment_reference (reference),
    KEY ix_payment_store_created (store, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE payment_event (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    payment_id      BIGINT       NOT NULL,
    action          VARCHAR(16)  NOT NULL COMMENT 'CREATE, STATE, CAPTURE, REFUND, CANCEL',
    state           VARCHAR(12)  NULL,
    amount          BIGINT       NULL,
    idempotency_key VARCHAR(50)  NULL,
    source          VARCHAR(10)  NOT NULL COMMENT 'TILL, WEBHOOK, POLL',
    created_at      DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    KEY ix_payment_event_payment (payment_id, id),
    CONSTRAINT fk_payment_event_payment FOREIGN KEY (payment_id) REFERENCES payment (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
