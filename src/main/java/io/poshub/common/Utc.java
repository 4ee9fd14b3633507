package io.poshub.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The hub keeps its DATETIME columns in UTC: an instant as such a column's value, and such a value as an instant. */
public final class Utc {

    private Utc() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** A UTC DATETIME column's value as the instant it is; null stays null. */
    public static Instant instant(Timestamp utc) {
        return utc == null ? null : utc.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /**
     * The same, read as {@code rs.getObject(i, LocalDateTime.class)}: the driver reads that without the {@code Calendar}
     * a {@link Timestamp} costs it, for reads of many rows.
     */
    public static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
