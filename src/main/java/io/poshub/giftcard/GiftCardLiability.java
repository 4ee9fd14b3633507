package io.poshub.giftcard;

import io.poshub.common.Utc;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What a merchant's gift cards still owe their holders (#32 point 5), per currency, as of the end of a day: the sum of
 * every card's activities until then — the append-only ledger, not today's balances — so any past day can be asked.
 */
@Service
class GiftCardLiability {

    /** The money the merchant's cards of one currency held at the end of {@code asOf} (UTC). */
    @Schema(name = "GiftCardLiability")
    record Outstanding(String merchant, LocalDate asOf, @Schema(example = "NOK") String currency,
                       @Schema(description = "cards with money on them") long cards,
                       @Schema(description = "minor units (øre, cents)", example = "1250000") long outstanding) {
    }

    private final JdbcTemplate jdbc;

    GiftCardLiability(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Outstanding> asOf(String merchant, LocalDate asOf) {
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return jdbc.query("""
                SELECT currency, SUM(balance > 0), COALESCE(SUM(balance), 0) FROM (
                    SELECT g.currency, SUM(a.amount) AS balance FROM gift_card g JOIN gift_card_activity a ON a.gift_card_id = g.id
                     WHERE g.merchant = ? AND a.created_at < ? GROUP BY g.id, g.currency) cards
                 GROUP BY currency ORDER BY currency
                """, (rs, n) -> new Outstanding(merchant, asOf, rs.getString(1), rs.getLong(2), rs.getLong(3)), merchant, Utc.timestamp(end));
    }
}
