package io.poshub.dayclose;

import io.poshub.common.StoreActivity;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The drawers counted at a day's end (contract §22, table {@code cash_count}): per store-day and register, the opening
 * float and the cash counted, in the currency's minor units. A newer count of the same register-day replaces the older,
 * whether it came through the API or in a Z-report's {@code FLOAT} and {@code COUNTED} columns; keeping one marks the
 * store-day for its close.
 */
@Component
class CashCounts {

    /** Where a count came from. */
    enum Source { API, Z_REPORT }

    /** A register's count: float and counted in minor units. */
    record Count(String register, long floatMinor, long countedMinor, Source source) {
    }

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    CashCounts(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Keeps a register-day's count in place of any before it. */
    @Transactional
    void keep(String merchant, String store, LocalDate date, Count count) {
        jdbc.update("""
                INSERT INTO cash_count (merchant, store, business_date, register, float_minor, counted_minor, source)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE float_minor = VALUES(float_minor), counted_minor = VALUES(counted_minor),
                                        source = VALUES(source), counted_at = UTC_TIMESTAMP(3)
                """, merchant, store, date, count.register(), count.floatMinor(), count.countedMinor(), count.source().name());
        events.publishEvent(StoreActivity.sales(merchant, store, date));
    }

    /** The store-day's counts by register. */
    Map<String, Count> of(String merchant, String store, LocalDate date) {
        Map<String, Count> counts = new TreeMap<>();
        jdbc.query("""
                SELECT register, float_minor, counted_minor, source FROM cash_count
                 WHERE merchant = ? AND store = ? AND business_date = ?
                """, rs -> {
            counts.put(rs.getString(1), new Count(rs.getString(1), rs.getLong(2), rs.getLong(3), Source.valueOf(rs.getString(4))));
        }, merchant, store, date);
        return counts;
    }
}
