package io.poshub.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The hub keeps its DATETIME columns in UTC: an instant as such a column's value. */
public final class Utc {

    private Utc() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
