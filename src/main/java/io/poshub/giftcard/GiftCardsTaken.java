package io.poshub.giftcard;

import io.poshub.common.Utc;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/** What a store took by gift card, and sold of them, over a day, as the day close holds it against the POS. */
@NamedInterface("api")
@Service
public class GiftCardsTaken {

    private final JdbcTemplate jdbc;
    private final GiftCardSalesOfDay salesOfDay;

    GiftCardsTaken(JdbcTemplate jdbc, GiftCardSalesOfDay salesOfDay) {
        this.jdbc = jdbc;
        this.salesOfDay = salesOfDay;
    }

    /**
     * What the merchant's cards took on at the store for a business day (contract §19), in minor units: by the lines of
     * that day's receipts that sold or took back cards ({@code receiptMoves} of them), and by the till's calls that
     * activated or loaded cards at the store from {@code from} until before {@code to}.
     */
    @NamedInterface("api")
    public record Sold(long receiptMoves, long onReceipts, long byTill) {
    }

    public Sold sold(String merchant, String store, LocalDate businessDate, Instant from, Instant to) {
        List<GiftCardSalesOfDay.StoreDay> days = salesOfDay.of(merchant, store, businessDate, from, to);
        return new Sold(days.stream().mapToLong(GiftCardSalesOfDay.StoreDay::receiptLines).sum(),
                days.stream().mapToLong(GiftCardSalesOfDay.StoreDay::onReceipts).sum(),
                days.stream().mapToLong(GiftCardSalesOfDay.StoreDay::byTill).sum());
    }

    /** Redeemed less refunded at the store, in minor units, by the activities from {@code from} until before {@code to}. */
    public long redeemedLessRefunded(String merchant, String store, Instant from, Instant to) {
        return jdbc.queryForObject("""
                SELECT COALESCE(-SUM(a.amount), 0) FROM gift_card_activity a JOIN gift_card g ON g.id = a.gift_card_id
                 WHERE g.merchant = ? AND a.store = ? AND a.type IN ('REDEEM', 'REFUND') AND a.created_at >= ? AND a.created_at < ?
                """, Long.class, merchant, store, Utc.timestamp(from), Utc.timestamp(to));
    }
}
