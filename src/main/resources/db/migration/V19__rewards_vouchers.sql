-- Rewards and vouchers (contract §18): a merchant's catalogue of what points buy, and each voucher a member bought with
-- them — bought once per Idempotency-Key, used exactly once, or voided with its points given back.
CREATE TABLE reward (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant    VARCHAR(64)   NOT NULL,
    code        VARCHAR(32)   NOT NULL,
    name        VARCHAR(100)  NOT NULL,
    points_cost BIGINT        NOT NULL,
    kind        VARCHAR(8)    NOT NULL COMMENT 'AMOUNT, PERCENT, ITEM',
    value       DECIMAL(14,2) NOT NULL COMMENT 'AMOUNT: money off; PERCENT: percent off; ITEM: the item''s price at most',
    currency    CHAR(3)       NULL,
    valid_days  INT           NOT NULL,
    active      BOOLEAN       NOT NULL DEFAULT TRUE,
    tiers       VARCHAR(500)  NULL COMMENT 'comma-separated; null: every tier',
    updated_at  DATETIME(3)   NOT NULL,
    UNIQUE KEY uk_reward_code (merchant, code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE voucher (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code             VARCHAR(20)   NOT NULL,
    merchant         VARCHAR(64)   NOT NULL,
    member_id        BIGINT        NOT NULL,
    reward_code      VARCHAR(32)   NOT NULL,
    kind             VARCHAR(8)    NOT NULL,
    value            DECIMAL(14,2) NOT NULL,
    currency         CHAR(3)       NULL,
    points_cost      BIGINT        NOT NULL,
    redeem_entry_id  BIGINT        NOT NULL COMMENT 'the REDEEM points entry that bought it',
    idempotency_key  VARCHAR(100)  NOT NULL,
    status           VARCHAR(8)    NOT NULL COMMENT 'ISSUED, USED, VOID',
    issued_at        DATETIME(3)   NOT NULL,
    expires_at       DATETIME(3)   NOT NULL,
    used_at          DATETIME(3)   NULL,
    used_store       VARCHAR(64)   NULL,
    used_reference   VARCHAR(100)  NULL,
    sale_amount      DECIMAL(14,2) NULL,
    discount         DECIMAL(14,2) NULL,
    voided_at        DATETIME(3)   NULL,
    refund_entry_id  BIGINT        NULL,
    UNIQUE KEY uk_voucher_code (code),
    UNIQUE KEY uk_voucher_request (member_id, idempotency_key),
    KEY ix_voucher_member (member_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
