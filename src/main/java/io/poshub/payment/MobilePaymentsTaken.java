package io.poshub.payment;

import io.poshub.common.Utc;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/** What a store took by mobile payment over a span of time, as the day close holds it against the POS. */
@NamedInterface("api")
@Service
public class MobilePaymentsTaken {

    private final JdbcTemplate jdbc;

    MobilePaymentsTaken(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Captured less refunded, in minor units, by the events recorded from {@code from} until before {@code to}. */
    public long capturedLessRefunded(String merchant, String store, Instant from, Instant to) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(IF(e.action = 'CAPTURE', e.amount, -e.amount)), 0)
                  FROM payment p JOIN payment_event e ON e.payment_id = p.id
                 WHERE p.merchant = ? AND p.store = ? AND e.action IN ('CAPTURE', 'REFUND') AND e.created_at >= ? AND e.created_at < ?
                """, Long.class, merchant, store, Utc.timestamp(from), Utc.timestamp(to));
    }
}
