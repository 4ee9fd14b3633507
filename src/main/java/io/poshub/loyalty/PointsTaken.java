package io.poshub.loyalty;

import io.poshub.common.Utc;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/** The points a store took as a tender over a span of time, as the day close holds them against the POS. */
@NamedInterface("api")
@Service
public class PointsTaken {

    private final JdbcTemplate jdbc;

    PointsTaken(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Points redeemed less refunded at the merchant's store, by the entries from {@code from} until before {@code to}. */
    public long redeemedLessRefunded(String merchant, String store, Instant from, Instant to) {
        return jdbc.queryForObject("""
                SELECT COALESCE(-SUM(p.delta), 0) FROM points_entry p JOIN member m ON m.id = p.member_id
                 WHERE m.merchant = ? AND p.store = ? AND p.reason IN ('REDEEM', 'REFUND') AND p.created_at >= ? AND p.created_at < ?
                """, Long.class, merchant, store, Utc.timestamp(from), Utc.timestamp(to));
    }
}
