-- Who changed what (contract §16): every change a person makes through the hub, and every failed login. Written once,
-- never updated; the detail holds what changed (names of fields, hashes of texts), never the values themselves.
CREATE TABLE audit_event (
    id     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at     TIMESTAMP(3) NOT NULL,
    actor  VARCHAR(128) NOT NULL,
    action VARCHAR(64)  NOT NULL,
    target VARCHAR(255) NOT NULL,
    status SMALLINT     NOT NULL,
    detail JSON         NULL,
    KEY audit_event_at (at),
    KEY audit_event_actor (actor, at),
    KEY audit_event_action (action, at)
) ENGINE = InnoDB;
