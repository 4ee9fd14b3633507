-- Members at scale and the till's loyalty calls (contract §11).

-- A member merged into another points at the survivor; its keys still lead sales there. No index and no
-- foreign key: both would cost every bulk load of members (~10 % per million) for a column read only by id.
ALTER TABLE member ADD COLUMN merged_into BIGINT NULL AFTER status;
ALTER TABLE member ADD COLUMN marketing_consent BOOLEAN NOT NULL DEFAULT FALSE AFTER merged_into;

-- A refund of points names the redemption it gives back; read through the member's own entries, so no index
-- slows the bulk loads of points entries.
ALTER TABLE points_entry ADD COLUMN refund_of BIGINT NULL AFTER reference;

-- What an import read: sales files and member files share the lifecycle and the table.
ALTER TABLE import_file ADD COLUMN kind VARCHAR(10) NOT NULL DEFAULT 'SALES' AFTER feed;

-- Till keys made at run time: only the SHA-256 of a key is kept; the key itself is shown once.
CREATE TABLE till_key (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant     VARCHAR(64)  NOT NULL,
    store        VARCHAR(64)  NULL COMMENT 'null: every store of the merchant',
    label        VARCHAR(100) NOT NULL,
    key_sha256   CHAR(64)     NOT NULL,
    created_at   DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    last_used_at DATETIME(3)  NULL,
    revoked_at   DATETIME(3)  NULL,
    UNIQUE KEY uk_till_key_sha256 (key_sha256)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
