package io.poshub.giftcard;

import io.poshub.common.Utc;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The gift cards a merchant's stores sold on a day (#32 point 5), per store and currency: from the receipts (the sales
 * files' gift-card lines of that business day, returns taking back) against the till's own calls (activations and loads
 * through the API on that day in the given zone) — two roads that should not both carry the same card.
 */
@Service
class GiftCardSalesOfDay {

    /** One store's day: minor units of the currency. */
    @Schema(name = "GiftCardSalesOfDay")
    record StoreDay(String store, @Schema(example = "NOK") String currency,
                    @Schema(description = "gift-card lines on that day's receipts") long receiptLines,
                    @Schema(description = "what those lines put on cards less what returns took back, minor units") long onReceipts,
                    @Schema(description = "activations and loads by the till's calls") long tillCalls,
                    @Schema(description = "what those calls put on cards, minor units") long byTill) {
    }

    private final JdbcTemplate jdbc;

    GiftCardSalesOfDay(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<StoreDay> of(String merchant, LocalDate day, ZoneId zone) {
        return of(merchant, null, day, day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * The merchant's stores (or the one {@code store}, when given) for the business day {@code day}: the receipt lines of
     * that day, and the till's activations and loads from {@code from} until before {@code to}.
     */
    List<StoreDay> of(String merchant, String store, LocalDate day, Instant from, Instant to) {
        return jdbc.query("""
                SELECT a.store, g.currency,
                       SUM(a.receipt_line IS NOT NULL), COALESCE(SUM(CASE WHEN a.receipt_line IS NOT NULL THEN a.amount END), 0),
                       SUM(a.receipt_line IS NULL), COALESCE(SUM(CASE WHEN a.receipt_line IS NULL THEN a.amount END), 0)
                  FROM gift_card_activity a JOIN gift_card g ON g.id = a.gift_card_id
                 WHERE g.merchant = ? AND a.store IS NOT NULL AND (? IS NULL OR a.store = ?)
                   AND (a.receipt_line IS NOT NULL AND a.business_date = ?
                        OR a.receipt_line IS NULL AND a.type IN ('ACTIVATE', 'LOAD') AND a.created_at >= ? AND a.created_at < ?)
                 GROUP BY a.store, g.currency ORDER BY a.store, g.currency
                """, (rs, n) -> new StoreDay(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                merchant, store, store, day, Utc.timestamp(from), Utc.timestamp(to));
    }
}
