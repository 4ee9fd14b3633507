-- Gift cards (contract §12). A card's balance is the sum of its activities, which are never updated or deleted;
-- the balance column is kept with them in the same transaction (the card's row is locked for every change).

CREATE TABLE gift_card (
    id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant           VARCHAR(64)  NOT NULL,
    number             VARCHAR(19)  NOT NULL,
    currency           CHAR(3)      NOT NULL,
    state              VARCHAR(10)  NOT NULL COMMENT 'ACTIVE or INACTIVE',
    balance            BIGINT       NOT NULL DEFAULT 0 COMMENT 'minor units',
    held               BIGINT       NOT NULL DEFAULT 0 COMMENT 'minor units held by open offline authorizations',
    store              VARCHAR(64)  NULL COMMENT 'where it was activated',
    activated_at       DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    deactivated_reason VARCHAR(10)  NULL,
    UNIQUE KEY uk_gift_card_number (merchant, number),
    KEY ix_gift_card_state_store (merchant, state, store),
    CONSTRAINT ck_gift_card_balance CHECK (balance >= 0 AND held >= 0 AND held <= balance)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE gift_card_activity (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    gift_card_id  BIGINT       NOT NULL,
    type          VARCHAR(12)  NOT NULL COMMENT 'ACTIVATE LOAD REDEEM REFUND ADJUST DEACTIVATE REACTIVATE TRANSFER_OUT TRANSFER_IN',
    amount        BIGINT       NOT NULL COMMENT 'signed, minor units',
    balance_after BIGINT       NOT NULL,
    store         VARCHAR(64)  NULL,
    reference     VARCHAR(100) NULL,
    auth_code     CHAR(6)      NULL,
    forced        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    KEY ix_gift_card_activity_card (gift_card_id, id),
    CONSTRAINT fk_gift_card_activity_card FOREIGN KEY (gift_card_id) REFERENCES gift_card (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The first answer to each Idempotency-Key of a card's money call, given again to every replay.
CREATE TABLE gift_card_request (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant        VARCHAR(64)  NOT NULL,
    number          VARCHAR(19)  NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL,
    http_status     INT          NOT NULL,
    body            TEXT         NOT NULL,
    created_at      DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    UNIQUE KEY uk_gift_card_request_key (merchant, number, idempotency_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Offline authorizations the help desk gives by phone: single use, until expires_at. A REDEEM one holds its amount
-- on the card (gift_card.held) until it is used or expires.
CREATE TABLE gift_card_authorization (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant   VARCHAR(64)  NOT NULL,
    number     VARCHAR(19)  NOT NULL,
    type       VARCHAR(10)  NOT NULL COMMENT 'ACTIVATE, LOAD or REDEEM',
    amount     BIGINT       NOT NULL COMMENT 'minor units',
    code       CHAR(6)      NOT NULL,
    status     VARCHAR(10)  NOT NULL COMMENT 'OPEN, USED or EXPIRED',
    holds      BOOLEAN      NOT NULL DEFAULT FALSE,
    expires_at DATETIME(3)  NOT NULL,
    created_at DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    used_at    DATETIME(3)  NULL,
    UNIQUE KEY uk_gift_card_authorization_code (merchant, code),
    KEY ix_gift_card_authorization_open (status, expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A printed batch activated at once, in the background, reported in blocks of 100 numbers.
CREATE TABLE gift_card_batch (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant     VARCHAR(64)  NOT NULL,
    first_number VARCHAR(19)  NOT NULL,
    count        INT          NOT NULL,
    amount       BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    store        VARCHAR(64)  NULL,
    status       VARCHAR(10)  NOT NULL COMMENT 'RUNNING, DONE or FAILED',
    created_at   DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    finished_at  DATETIME(3)  NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE gift_card_batch_block (
    batch_id     BIGINT       NOT NULL,
    block_no     INT          NOT NULL,
    first_number VARCHAR(19)  NOT NULL,
    last_number  VARCHAR(19)  NOT NULL,
    activated    INT          NOT NULL DEFAULT 0,
    declined     INT          NOT NULL DEFAULT 0,
    status       VARCHAR(10)  NOT NULL COMMENT 'PENDING or DONE',
    PRIMARY KEY (batch_id, block_no),
    CONSTRAINT fk_gift_card_batch_block_batch FOREIGN KEY (batch_id) REFERENCES gift_card_batch (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE gift_card_batch_decline (
    batch_id BIGINT       NOT NULL,
    block_no INT          NOT NULL,
    number   VARCHAR(19)  NOT NULL,
    reason   VARCHAR(200) NOT NULL,
    PRIMARY KEY (batch_id, number),
    CONSTRAINT fk_gift_card_batch_decline_batch FOREIGN KEY (batch_id) REFERENCES gift_card_batch (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
