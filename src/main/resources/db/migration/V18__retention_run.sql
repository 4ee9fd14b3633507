-- The retention sweep (contract §17): each run, what it removed, and — for the daily run — the day it ran for, so of
-- several nodes one runs it (the first to insert the day's row) and a run repeated the same day does nothing more.
CREATE TABLE retention_run (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    day          DATE        NULL COMMENT 'the daily run''s day; null for a run an admin started',
    started_by   VARCHAR(128) NOT NULL,
    started_at   DATETIME(3) NOT NULL,
    finished_at  DATETIME(3) NULL,
    reject_lines INT         NOT NULL DEFAULT 0,
    files        INT         NOT NULL DEFAULT 0,
    parked_sales INT         NOT NULL DEFAULT 0,
    UNIQUE KEY uk_retention_run_day (day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- When the sweep took the raw text of an import's rejected lines: the next sweeps pass that import by.
ALTER TABLE import_file ADD COLUMN rejects_forgotten_at DATETIME(3) NULL;
