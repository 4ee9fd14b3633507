-- The loyalty tables of contract §7. Identity columns use a binary collation: matching is exact,
-- inputs are normalised before they get here (E.164 phones, lower-case emails, cards without spaces).

CREATE TABLE member (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant        VARCHAR(64)  NOT NULL,
    external_id     VARCHAR(64)  NULL,
    card_number     VARCHAR(64)  NULL,
    phone_e164      VARCHAR(20)  NULL,
    email           VARCHAR(254) NULL,
    first_name      VARCHAR(100) NULL,
    last_name       VARCHAR(100) NULL,
    tier            VARCHAR(20)  NOT NULL DEFAULT 'BASE',
    status          VARCHAR(10)  NOT NULL DEFAULT 'ACTIVE',
    lifetime_earned BIGINT       NOT NULL DEFAULT 0,
    created_at      DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    UNIQUE KEY uk_member_external_id (merchant, external_id),
    UNIQUE KEY uk_member_card_number (merchant, card_number),
    KEY ix_member_phone (merchant, phone_e164),
    KEY ix_member_email (merchant, email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE import_file (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    feed            VARCHAR(64)  NOT NULL,
    name            VARCHAR(255) NOT NULL,
    sha256          CHAR(64)     NOT NULL,
    size_bytes      BIGINT       NOT NULL DEFAULT 0,
    status          VARCHAR(20)  NOT NULL,
    rows_total      INT          NOT NULL DEFAULT 0,
    rows_accepted   INT          NOT NULL DEFAULT 0,
    rows_rejected   INT          NOT NULL DEFAULT 0,
    sales_total     INT          NOT NULL DEFAULT 0,
    sales_booked    INT          NOT NULL DEFAULT 0,
    sales_duplicate INT          NOT NULL DEFAULT 0,
    sales_parked    INT          NOT NULL DEFAULT 0,
    sales_anonymous INT          NOT NULL DEFAULT 0,
    received_at     DATETIME(3)  NOT NULL,
    finished_at     DATETIME(3)  NULL,
    error           TEXT         NULL,
    KEY ix_import_file_feed_sha (feed, sha256),
    KEY ix_import_file_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE import_reject (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    import_file_id BIGINT       NOT NULL,
    line_no        INT          NOT NULL,
    reason         VARCHAR(500) NOT NULL,
    raw            TEXT         NULL,
    KEY ix_import_reject_file (import_file_id, line_no),
    CONSTRAINT fk_import_reject_file FOREIGN KEY (import_file_id) REFERENCES import_file (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every sale received once: BOOKED (to a member, with points), PARKED (member unknown, waiting) or
-- ANONYMOUS (no member key). The unique identity is what makes a resent ticket a duplicate.
CREATE TABLE sale (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant       VARCHAR(64)   NOT NULL,
    store          VARCHAR(64)   NOT NULL,
    register       VARCHAR(64)   NOT NULL,
    ticket         VARCHAR(64)   NOT NULL,
    business_date  DATE          NOT NULL,
    status         VARCHAR(10)   NOT NULL,
    member_id      BIGINT        NULL,
    kind           VARCHAR(6)    NOT NULL,
    net_amount     DECIMAL(14,2) NOT NULL,
    tax_amount     DECIMAL(14,2) NOT NULL,
    total_amount   DECIMAL(14,2) NOT NULL,
    currency       CHAR(3)       NOT NULL,
    points         BIGINT        NOT NULL DEFAULT 0,
    tender         VARCHAR(32)   NULL,
    orig_ticket    VARCHAR(64)   NULL,
    sold_at        DATETIME(3)   NOT NULL COMMENT 'UTC',
    feed           VARCHAR(64)   NOT NULL,
    import_file_id BIGINT        NOT NULL,
    created_at     DATETIME(3)   NOT NULL DEFAULT UTC_TIMESTAMP(3),
    UNIQUE KEY uk_sale_identity (merchant, store, register, ticket, business_date),
    KEY ix_sale_member (member_id),
    KEY ix_sale_import_file (import_file_id),
    CONSTRAINT fk_sale_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT fk_sale_import_file FOREIGN KEY (import_file_id) REFERENCES import_file (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE sale_line (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sale_id     BIGINT        NOT NULL,
    line_no     INT           NOT NULL COMMENT 'line in the source file',
    seq         INT           NULL,
    sku         VARCHAR(64)   NULL,
    description VARCHAR(255)  NULL,
    category    VARCHAR(64)   NULL,
    quantity    DECIMAL(12,3) NOT NULL,
    unit_price  DECIMAL(14,2) NULL,
    net_amount  DECIMAL(14,2) NOT NULL,
    KEY ix_sale_line_sale (sale_id),
    CONSTRAINT fk_sale_line_sale FOREIGN KEY (sale_id) REFERENCES sale (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE points_entry (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    member_id  BIGINT       NOT NULL,
    sale_id    BIGINT       NULL,
    delta      BIGINT       NOT NULL,
    reason     VARCHAR(8)   NOT NULL,
    reference  VARCHAR(100) NULL,
    created_at DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    KEY ix_points_entry_member (member_id, created_at),
    UNIQUE KEY uk_points_entry_sale (sale_id, reason),
    CONSTRAINT fk_points_entry_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT fk_points_entry_sale FOREIGN KEY (sale_id) REFERENCES sale (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A sale whose member keys matched nobody, kept with its normalised keys until a member appears.
CREATE TABLE parked_sale (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sale_id     BIGINT       NOT NULL,
    merchant    VARCHAR(64)  NOT NULL,
    feed        VARCHAR(64)  NOT NULL,
    card_number VARCHAR(64)  NULL,
    phone_e164  VARCHAR(20)  NULL,
    email       VARCHAR(254) NULL,
    external_id VARCHAR(64)  NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    booked_at   DATETIME(3)  NULL,
    member_id   BIGINT       NULL,
    UNIQUE KEY uk_parked_sale_sale (sale_id),
    KEY ix_parked_sale_card (merchant, card_number),
    KEY ix_parked_sale_phone (merchant, phone_e164),
    KEY ix_parked_sale_email (merchant, email),
    KEY ix_parked_sale_external (merchant, external_id),
    CONSTRAINT fk_parked_sale_sale FOREIGN KEY (sale_id) REFERENCES sale (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Camel's JdbcMessageIdRepository: the file-level idempotent repository, shared by every node.
-- Created here (not by Camel at run time); the table name is case-sensitive on Linux MariaDB.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(255) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
