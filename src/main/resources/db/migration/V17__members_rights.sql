-- Members' rights (contract §17). An erased member keeps its row (status ERASED) so its points entries and sales keep
-- their totals; its personal fields are NULL from erased_at on. Nullable and last: an instant change, and a hub of the
-- previous release reads and writes the table as before.
ALTER TABLE member ADD COLUMN erased_at DATETIME(3) NULL;

-- Each change of a member's consent: what it became, when, and through which door (API, IMPORT, SWIPE).
CREATE TABLE member_consent (
    id        BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    member_id BIGINT      NOT NULL,
    kind      VARCHAR(16) NOT NULL COMMENT 'MARKETING',
    value     BOOLEAN     NOT NULL,
    at        DATETIME(3) NOT NULL,
    source    VARCHAR(16) NOT NULL,
    KEY ix_member_consent_member (member_id, kind, at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
