package io.poshub.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.poshub.common.Utc;
import io.poshub.sale.SalesOfTheDay;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Matches a store's day of sales paid with a mobile-payment tender (the mapping's {@code mobilePaymentTenders}) to the
 * hub's payments: same store, same amount (the sale's total in minor units against what was authorized),
 * sold within {@code poshub.payments.match-window} of the payment; each payment matches one sale, the
 * nearest in time. The Z-report view adds each tender's day total; the overview lists a day's payments with the sale each
 * was matched to.
 */
@Service
class Reconciliation {

    private final JdbcTemplate jdbc;
    private final SalesOfTheDay sales;
    private final PaymentProperties properties;
    private final PaymentStore payments;

    Reconciliation(JdbcTemplate jdbc, PaymentProperties properties, PaymentStore payments, SalesOfTheDay sales) {
        this.jdbc = jdbc;
        this.sales = sales;
        this.properties = properties;
        this.payments = payments;
    }

    /** One payment of the overview: its state, amounts in minor units, and the sale it was matched to (or null). */
    record Overview(String reference, String merchant, String store, PaymentState state, String tillState, String currency,
                    long amount, long authorized, long captured, long refunded, long cancelled, Instant createdAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Sale sale) {
    }

    /**
     * The payments overview (Front Systems' "Sales > Vipps"): a day's payments (in {@code poshub.payments.timezone}), of one
     * store or all, optionally in one state, each with the sale {@link #report} matched it to.
     */
    List<Overview> overview(String store, LocalDate date, PaymentState state) {
        Instant from = date.atStartOfDay(properties.timezone()).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(properties.timezone()).toInstant();
        List<Payments.Payment> found = payments.between(from, to, store, state);
        Map<String, Sale> saleOf = new HashMap<>();
        found.stream().map(Payments.Payment::store).distinct()
                .forEach(s -> report(s, date).matched().forEach(m -> saleOf.put(m.payment().reference(), m.sale())));
        return found.stream().map(p -> new Overview(p.reference(), p.merchant(), p.store(), p.state(), p.tillState(), p.currency(),
                p.amount(), p.authorized(), p.captured(), p.refunded(), p.cancelled(), p.createdAt(), saleOf.get(p.reference())))
                .toList();
    }

    record Sale(long saleId, String ticket, String tender, BigDecimal total, Instant soldAt, @com.fasterxml.jackson.annotation.JsonIgnore boolean mobile) {
    }

    record Pay(String reference, long amount, String state, Instant createdAt) {
    }

    record Match(@JsonInclude(JsonInclude.Include.NON_NULL) Sale sale, @JsonInclude(JsonInclude.Include.NON_NULL) Pay payment) {
    }

    record Report(String store, LocalDate date, List<Match> matched, List<Sale> salesWithoutPayment,
                  List<Pay> paymentsWithoutSale, Map<String, BigDecimal> tenderTotals, BigDecimal mobilePaymentsTotal) {
    }

    Report report(String store, LocalDate date) {
        List<Sale> sales = this.sales.of(store, date).stream()
                .map(t -> new Sale(t.saleId(), t.ticket(), t.tender(), t.total(), t.soldAt(), t.mobilePayment())).toList();
        Instant from = date.atStartOfDay(properties.timezone()).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(properties.timezone()).toInstant();
        List<Pay> payments = new ArrayList<>(jdbc.query("""
                SELECT reference, GREATEST(authorized, captured), state, created_at FROM payment
                 WHERE store = ? AND created_at >= ? AND created_at < ? ORDER BY created_at
                """, (rs, n) -> new Pay(rs.getString(1), rs.getLong(2), rs.getString(3),
                Utc.instant(rs.getTimestamp(4))), store, Utc.timestamp(from), Utc.timestamp(to)));
        payments.removeIf(p -> p.amount() == 0);

        Map<String, BigDecimal> totals = new TreeMap<>();
        List<Match> matched = new ArrayList<>();
        List<Sale> unmatched = new ArrayList<>();
        for (Sale sale : sales) {
            totals.merge(sale.tender() == null ? "(none)" : sale.tender(), sale.total(), BigDecimal::add);
            if (!sale.mobile()) {
                continue;
            }
            long minor = sale.total().movePointRight(2).longValueExact();
            Pay best = null;
            for (Pay p : payments) {
                Duration apart = Duration.between(p.createdAt(), sale.soldAt()).abs();
                if (p.amount() == minor && apart.compareTo(properties.matchWindow()) <= 0
                        && (best == null || apart.compareTo(Duration.between(best.createdAt(), sale.soldAt()).abs()) < 0)) {
                    best = p;
                }
            }
            if (best == null) {
                unmatched.add(sale);
            } else {
                payments.remove(best);
                matched.add(new Match(sale, best));
            }
        }
        BigDecimal mobile = sales.stream().filter(Sale::mobile).map(Sale::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Report(store, date, matched, unmatched, payments, new LinkedHashMap<>(totals), mobile);
    }

}
