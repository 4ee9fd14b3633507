-- What the card terminals settled (contract §22, samples/README.md "terminal"): one row per store, terminal, business day
-- and card scheme. A newer file for the same store, terminal and day replaces the older one's rows (replaced_by).
CREATE TABLE terminal_settlement (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant       VARCHAR(64)   NOT NULL,
    store          VARCHAR(64)   NOT NULL,
    terminal       VARCHAR(64)   NOT NULL,
    business_date  DATE          NOT NULL,
    scheme         VARCHAR(32)   NOT NULL,
    tx_count       INT           NOT NULL COMMENT 'approved transactions, refunds included',
    amount         DECIMAL(14,2) NOT NULL COMMENT 'signed net settled',
    mapping        VARCHAR(64)   NOT NULL,
    import_file_id BIGINT        NOT NULL,
    replaced_by    BIGINT        NULL COMMENT 'the import whose rows for this store, terminal and day replaced these',
    KEY ix_terminal_settlement_day (merchant, store, business_date, terminal),
    KEY ix_terminal_settlement_date (business_date, store),
    KEY ix_terminal_settlement_import (import_file_id),
    CONSTRAINT fk_terminal_settlement_import_file FOREIGN KEY (import_file_id) REFERENCES import_file (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
