-- Spring Modulith's event publication registry (its MariaDB schema, with DATETIME for TIMESTAMP so that MariaDB
-- never sets a publication's date on update): an event a module reacts to after commit is written here in the
-- publishing transaction, one row per listener, and completed (deleted) when that listener succeeded. A row still
-- here at start-up is an event whose listener a crash or an error cut off: it is published again.
CREATE TABLE EVENT_PUBLICATION (
    ID               VARCHAR(36)   NOT NULL,
    LISTENER_ID      VARCHAR(512)  NOT NULL,
    EVENT_TYPE       VARCHAR(512)  NOT NULL,
    SERIALIZED_EVENT VARCHAR(4000) NOT NULL,
    PUBLICATION_DATE DATETIME(6)   NOT NULL,
    COMPLETION_DATE  DATETIME(6)   NULL,
    PRIMARY KEY (ID),
    INDEX EVENT_PUBLICATION_BY_COMPLETION_DATE_IDX (COMPLETION_DATE)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
