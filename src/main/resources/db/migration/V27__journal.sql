-- The accountant's journal (contract §22): each closed store-day's journal by version. A version's lines balance
-- (Σ debit = Σ credit); a late change to a closed day adds the reversal of its last version, then a new one, so the
-- versions of a day add up to its last.
CREATE TABLE journal_version (
    merchant      VARCHAR(64)  NOT NULL,
    store         VARCHAR(64)  NOT NULL,
    business_date DATE         NOT NULL,
    version       INT          NOT NULL,
    kind          VARCHAR(8)   NOT NULL COMMENT 'ENTRY, or REVERSAL of the version before it',
    currency      CHAR(3)      NOT NULL,
    state         VARCHAR(8)   NOT NULL DEFAULT 'PENDING' COMMENT 'PENDING until poshub.journal.endpoint took it, then SENT',
    tries         INT          NOT NULL DEFAULT 0,
    next_at       DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    last_error    VARCHAR(500) NULL,
    claimed_by    CHAR(36)     NULL COMMENT 'the node sending it, until claimed_until',
    claimed_until DATETIME(3)  NULL,
    created_at    DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    sent_at       DATETIME(3)  NULL,
    PRIMARY KEY (merchant, store, business_date, version),
    KEY ix_journal_version_due (state, next_at),
    KEY ix_journal_version_date (business_date, store)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE journal_entry (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant      VARCHAR(64)   NOT NULL,
    store         VARCHAR(64)   NOT NULL,
    business_date DATE          NOT NULL,
    version       INT           NOT NULL,
    account       VARCHAR(64)   NOT NULL,
    debit         DECIMAL(16,2) NOT NULL,
    credit        DECIMAL(16,2) NOT NULL,
    currency      CHAR(3)       NOT NULL,
    created_at    DATETIME(3)   NOT NULL DEFAULT UTC_TIMESTAMP(3),
    KEY ix_journal_entry_version (merchant, store, business_date, version),
    CONSTRAINT fk_journal_entry_version FOREIGN KEY (merchant, store, business_date, version)
        REFERENCES journal_version (merchant, store, business_date, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
