-- A register's drawer counted at the day's end (contract §22): the opening float and the cash counted, in the currency's
-- minor units; from the API or a Z-report's FLOAT and COUNTED columns, the newer replacing the older.
CREATE TABLE cash_count (
    merchant      VARCHAR(64) NOT NULL,
    store         VARCHAR(64) NOT NULL,
    register      VARCHAR(64) NOT NULL,
    business_date DATE        NOT NULL,
    float_minor   BIGINT      NOT NULL,
    counted_minor BIGINT      NOT NULL,
    source        VARCHAR(10) NOT NULL COMMENT 'API or Z_REPORT',
    counted_at    DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
    PRIMARY KEY (merchant, store, business_date, register)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The registers whose cash was last over or short beyond poshub.day-close.cash-tolerance, with the amounts: a
-- CASH_OVER_SHORT alert is raised when this changes to something.
ALTER TABLE day_close ADD COLUMN cash_off VARCHAR(500) NULL AFTER status;
