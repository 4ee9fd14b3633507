package io.poshub.loyalty;

import io.poshub.common.Utc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/** The vouchers a store took off its sales over a span of time, as the day close holds them against the POS (contract §13, §18). */
@NamedInterface("api")
@Service
public class VouchersTaken {

    private final JdbcTemplate jdbc;

    VouchersTaken(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the merchant's vouchers used at the store from {@code from} until before {@code to} took off, in the currency's units. */
    public BigDecimal discounts(String merchant, String store, Instant from, Instant to) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(discount), 0) FROM voucher
                 WHERE merchant = ? AND used_store = ? AND status = 'USED' AND used_at >= ? AND used_at < ?
                """, BigDecimal.class, merchant, store, Utc.timestamp(from), Utc.timestamp(to));
    }

    /**
     * The vouchers a sales file names as taken at the store in that span after they were used on another sale or voided:
     * used twice, each with where.
     */
    public List<String> usedTwice(String merchant, String store, Instant from, Instant to) {
        return jdbc.queryForList("""
                SELECT CONCAT(code, ' (', used_twice, ')') FROM voucher
                 WHERE merchant = ? AND used_twice_store = ? AND used_twice_at >= ? AND used_twice_at < ? ORDER BY code
                """, String.class, merchant, store, Utc.timestamp(from), Utc.timestamp(to));
    }
}
