-- Close the day (contract §13): tenders per sale, Z-reports, each store-day's close, alerts, late feeds.

-- One row per tender of every received sale; a sale paid by one tender has one row with its total.
CREATE TABLE sale_tender (
    sale_id BIGINT        NOT NULL,
    tender  VARCHAR(32)   NOT NULL,
    amount  DECIMAL(14,2) NOT NULL COMMENT 'signed',
    PRIMARY KEY (sale_id, tender),
    CONSTRAINT fk_sale_tender_sale FOREIGN KEY (sale_id) REFERENCES sale (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The sales booked before tenders were kept: the one tender the sale named, with its total.
INSERT INTO sale_tender (sale_id, tender, amount)
SELECT id, COALESCE(UPPER(tender), 'UNKNOWN'), total_amount FROM sale;

-- A voided ticket makes no sale, but its number was used: the day close must not call it missing.
CREATE TABLE void_ticket (
    merchant       VARCHAR(64) NOT NULL,
    store          VARCHAR(64) NOT NULL,
    register       VARCHAR(64) NOT NULL,
    ticket         VARCHAR(64) NOT NULL,
    business_date  DATE        NOT NULL,
    import_file_id BIGINT      NOT NULL,
    PRIMARY KEY (merchant, store, register, ticket, business_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Where a points redemption was made, for the points tender of the store's day.
ALTER TABLE points_entry ADD COLUMN store VARCHAR(64) NULL AFTER reference;

-- A till's Z-report for one register-day; a newer one for the same register-day replaces it (replaced_by).
CREATE TABLE z_report (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant       VARCHAR(64) NOT NULL,
    store          VARCHAR(64) NOT NULL,
    register       VARCHAR(64) NOT NULL,
    business_date  DATE        NOT NULL,
    z_no           VARCHAR(32) NOT NULL,
    first_ticket   VARCHAR(64) NOT NULL,
    last_ticket    VARCHAR(64) NOT NULL,
    ticket_count   INT         NOT NULL,
    mapping        VARCHAR(64) NOT NULL,
    import_file_id BIGINT      NOT NULL,
    received_at    DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
    replaced_by    BIGINT      NULL,
    KEY ix_z_report_day (merchant, business_date, store, register),
    CONSTRAINT fk_z_report_import_file FOREIGN KEY (import_file_id) REFERENCES import_file (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE z_report_tender (
    z_report_id  BIGINT        NOT NULL,
    tender       VARCHAR(32)   NOT NULL,
    tender_count INT           NOT NULL,
    amount       DECIMAL(14,2) NOT NULL COMMENT 'signed',
    PRIMARY KEY (z_report_id, tender),
    CONSTRAINT fk_z_report_tender_report FOREIGN KEY (z_report_id) REFERENCES z_report (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Each store-day's last computed status: what an alert is raised on when it changes.
CREATE TABLE day_close (
    merchant      VARCHAR(64) NOT NULL,
    store         VARCHAR(64) NOT NULL,
    business_date DATE        NOT NULL,
    status        VARCHAR(14) NOT NULL,
    computed_at   DATETIME(3) NOT NULL,
    PRIMARY KEY (merchant, business_date, store)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Store-days whose sales, payments, gift cards or Z changed since their close was last computed.
CREATE TABLE day_close_pending (
    merchant      VARCHAR(64) NOT NULL,
    store         VARCHAR(64) NOT NULL,
    business_date DATE        NOT NULL,
    touches       INT         NOT NULL DEFAULT 1 COMMENT 'counts the marks: a mark made while computing is not lost',
    touched_at    DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
    PRIMARY KEY (merchant, store, business_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Alerts waiting for (or given to) poshub.alerts.endpoint; written with the change that raised them.
CREATE TABLE alert (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    type          VARCHAR(20)  NOT NULL,
    body          TEXT         NOT NULL,
    created_at    DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    attempts      INT          NOT NULL DEFAULT 0,
    next_at       DATETIME(3)  NOT NULL DEFAULT UTC_TIMESTAMP(3),
    claimed_by    CHAR(36)     NULL,
    claimed_until DATETIME(3)  NULL,
    sent_at       DATETIME(3)  NULL,
    last_error    VARCHAR(500) NULL,
    KEY ix_alert_due (sent_at, next_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A feed with 'expect': since when it is watched, the business day it is late for (null: on time). One row per feed, shared by
-- every node, so a feed going late or coming back is raised once.
CREATE TABLE feed_watch (
    feed          VARCHAR(64) NOT NULL PRIMARY KEY,
    watched_since DATETIME(3) NOT NULL COMMENT 'deadlines before it do not count',
    late_for      DATE        NULL,
    late_since    DATETIME(3) NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The business days a file's rows name, so a late feed knows which day's file has come.
ALTER TABLE import_file ADD COLUMN first_business_date DATE NULL AFTER kind;
ALTER TABLE import_file ADD COLUMN last_business_date DATE NULL AFTER first_business_date;
