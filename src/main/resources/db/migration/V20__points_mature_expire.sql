-- Points that mature and expire (contract §18). A positive entry is a lot: the points left of it to take (oldest first
-- for a redemption; pending first for a return), when they can be spent and when what is left expires. EXPIRE entries
-- take exactly what is left. The two generated columns index only what the daily run still has to do.
ALTER TABLE points_entry
    ADD COLUMN business_date DATE        NULL COMMENT 'an earning: its sale''s store day (store is in store)' AFTER store,
    ADD COLUMN available_at  DATETIME(3) NULL COMMENT 'a lot: when its points can be spent',
    ADD COLUMN expires_at    DATETIME(3) NULL COMMENT 'a lot: when what is left of it expires; null: never (or by inactivity)',
    ADD COLUMN remaining     BIGINT      NOT NULL DEFAULT 0 COMMENT 'a lot: its points not taken yet',
    ADD COLUMN pending       BOOLEAN     NOT NULL DEFAULT FALSE COMMENT 'a lot still waiting to mature',
    ADD COLUMN awaits_close  BOOLEAN     NOT NULL DEFAULT FALSE COMMENT 'a lot that matures only once its store day closed BALANCED',
    ADD COLUMN due_at        DATETIME(3) AS (IF(pending, available_at, NULL)) PERSISTENT,
    ADD COLUMN lapse_at      DATETIME(3) AS (IF(remaining > 0, expires_at, NULL)) PERSISTENT,
    ADD KEY ix_points_entry_due (due_at),
    ADD KEY ix_points_entry_lapse (lapse_at);

-- What is left of each positive entry so far: the negative entries took from the oldest first.
UPDATE points_entry p
  JOIN (SELECT e.id, GREATEST(0, LEAST(e.delta, e.cum - COALESCE(t.taken, 0))) AS rem
          FROM (SELECT id, member_id, delta, SUM(delta) OVER (PARTITION BY member_id ORDER BY created_at, id) AS cum
                  FROM points_entry WHERE delta > 0) e
          LEFT JOIN (SELECT member_id, -SUM(delta) AS taken FROM points_entry WHERE delta < 0 GROUP BY member_id) t
            ON t.member_id = e.member_id) r ON r.id = p.id
   SET p.remaining = r.rem, p.available_at = p.created_at;

-- Each member's points in one row, so a balance is read in one step however long the ledger: balance (what can be
-- spent; below 0 when a return took back points already spent) + pending = the sum of the member's entries.
CREATE TABLE points_account (
    member_id        BIGINT       NOT NULL PRIMARY KEY,
    merchant         VARCHAR(64)  NOT NULL,
    balance          BIGINT       NOT NULL DEFAULT 0,
    pending          BIGINT       NOT NULL DEFAULT 0,
    last_activity_at DATETIME(3)  NULL COMMENT 'the last earn or redemption, for expiry by inactivity',
    pending_reason   VARCHAR(200) NULL COMMENT 'why points past their window still wait (their store day did not close BALANCED)',
    KEY ix_points_account_activity (merchant, last_activity_at),
    CONSTRAINT fk_points_account_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO points_account (member_id, merchant, balance, pending, last_activity_at)
SELECT p.member_id, m.merchant, SUM(p.delta), 0, MAX(IF(p.reason IN ('EARN', 'REDEEM'), p.created_at, NULL))
  FROM points_entry p JOIN member m ON m.id = p.member_id GROUP BY p.member_id, m.merchant;

-- The daily maturing and expiry run: the day it ran for, so of several nodes one runs it.
CREATE TABLE loyalty_run (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    day           DATE         NULL COMMENT 'the daily run''s day; null for a run an admin started',
    as_of         DATE         NOT NULL,
    started_by    VARCHAR(128) NOT NULL,
    started_at    DATETIME(3)  NOT NULL,
    finished_at   DATETIME(3)  NULL,
    matured       BIGINT       NOT NULL DEFAULT 0 COMMENT 'points that became available',
    expired       BIGINT       NOT NULL DEFAULT 0 COMMENT 'points that expired',
    members       INT          NOT NULL DEFAULT 0 COMMENT 'members whose points expired',
    UNIQUE KEY uk_loyalty_run_day (day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
