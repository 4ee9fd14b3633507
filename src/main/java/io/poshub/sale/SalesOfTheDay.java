package io.poshub.sale;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A store-day's booked sales as other modules may read them: the sale table is this module's, so the payments
 * reconciliation asks here instead of naming it.
 */
@Service
public class SalesOfTheDay {

    private final JdbcTemplate jdbc;

    SalesOfTheDay(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A booked ticket: its sale id, number, first tender, total (in major units, as the till sent it), time, and whether a mobile payment paid it. */
    public record SoldTicket(long saleId, String ticket, String tender, BigDecimal total, Instant soldAt, boolean mobilePayment) {
    }

    /** The store's tickets of that business date, in the order they were sold. */
    public List<SoldTicket> of(String store, LocalDate businessDate) {
        return jdbc.query("""
                SELECT id, ticket, tender, total_amount, sold_at, mobile_payment FROM sale
                 WHERE store = ? AND business_date = ? ORDER BY sold_at, id
                """, (rs, n) -> new SoldTicket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                rs.getTimestamp(5).toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getBoolean(6)), store, businessDate);
    }
}
