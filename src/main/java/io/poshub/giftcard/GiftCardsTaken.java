package io.poshub.giftcard;

import io.poshub.common.Utc;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/** What a store took by gift card over a span of time, as the day close holds it against the POS. */
@NamedInterface("api")
@Service
public class GiftCardsTaken {

    private final JdbcTemplate jdbc;

    GiftCardsTaken(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Redeemed less refunded at the store, in minor units, by the activities from {@code from} until before {@code to}. */
    public long redeemedLessRefunded(String merchant, String store, Instant from, Instant to) {
        return jdbc.queryForObject("""
                SELECT COALESCE(-SUM(a.amount), 0) FROM gift_card_activity a JOIN gift_card g ON g.id = a.gift_card_id
                 WHERE g.merchant = ? AND a.store = ? AND a.type IN ('REDEEM', 'REFUND') AND a.created_at >= ? AND a.created_at < ?
                """, Long.class, merchant, store, Utc.timestamp(from), Utc.timestamp(to));
    }
}
