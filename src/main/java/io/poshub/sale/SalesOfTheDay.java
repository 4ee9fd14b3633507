package io.poshub.sale;

import io.poshub.common.Utc;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * A store-day's booked sales as other modules may read them: the {@code sale}, {@code sale_tender} and
 * {@code void_ticket} tables are this module's, so the payments reconciliation and the day close ask here instead of
 * naming them.
 */
@NamedInterface("api")
@Service
public class SalesOfTheDay {

    private final JdbcTemplate jdbc;

    SalesOfTheDay(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A booked ticket: its sale id, number, first tender, total (in major units, as the till sent it), time, and whether a mobile payment paid it. */
    @NamedInterface("api")
    public record SoldTicket(long saleId, String ticket, String tender, BigDecimal total, Instant soldAt, boolean mobilePayment) {
    }

    /** A merchant's store with sales or voided tickets on a business date. */
    @NamedInterface("api")
    public record MerchantStore(String merchant, String store) {
    }

    /** One register's business day as received: its sold and voided ticket numbers, and each tender's sum. */
    @NamedInterface("api")
    public record RegisterSales(String register, List<String> tickets, List<String> voided, Map<String, BigDecimal> tenders) {

        static RegisterSales empty(String register) {
            return new RegisterSales(register, new ArrayList<>(), new ArrayList<>(), new TreeMap<>());
        }
    }

    /** What one cashier of a register rang up on the day: tickets, their totals, and what their lines took off. */
    @NamedInterface("api")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record CashierSales(String cashier, int tickets, BigDecimal total, BigDecimal discounts) {
    }

    /**
     * The store-day's sales by register and cashier (contract §19), tickets the POS named no cashier for under a null
     * cashier; each register's list by cashier.
     */
    public Map<String, List<CashierSales>> cashiers(String merchant, String store, LocalDate businessDate) {
        Map<String, List<CashierSales>> registers = new TreeMap<>();
        jdbc.query("""
                SELECT s.register, s.cashier, COUNT(*), SUM(s.total_amount),
                       SUM((SELECT COALESCE(SUM(l.discount), 0) FROM sale_line l WHERE l.sale_id = s.id))
                  FROM sale s WHERE s.merchant = ? AND s.store = ? AND s.business_date = ?
                 GROUP BY s.register, s.cashier ORDER BY s.register, s.cashier
                """, rs -> {
            registers.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(new CashierSales(rs.getString(2), rs.getInt(3),
                    rs.getBigDecimal(4), rs.getBigDecimal(5)));
        }, merchant, store, businessDate);
        return registers;
    }

    /** What the store-day's receipts sold in gift cards, less what their returns took back (contract §19). */
    public BigDecimal giftCardsSold(String merchant, String store, LocalDate businessDate) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(l.net_amount), 0) FROM sale s JOIN sale_line l ON l.sale_id = s.id
                 WHERE s.merchant = ? AND s.store = ? AND s.business_date = ? AND l.gift_card
                """, BigDecimal.class, merchant, store, businessDate);
    }

    /** The store's tickets of that business date, in the order they were sold. */
    public List<SoldTicket> of(String store, LocalDate businessDate) {
        return jdbc.query("""
                SELECT id, ticket, tender, total_amount, sold_at, mobile_payment FROM sale
                 WHERE store = ? AND business_date = ? ORDER BY sold_at, id
                """, (rs, n) -> new SoldTicket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                Utc.instant(rs.getTimestamp(5)), rs.getBoolean(6)), store, businessDate);
    }

    /** The stores with sales or voided tickets on that business date. */
    public List<MerchantStore> storesOf(LocalDate businessDate) {
        return jdbc.query("""
                SELECT merchant, store FROM sale WHERE business_date = ?
                UNION SELECT merchant, store FROM void_ticket WHERE business_date = ?
                """, (rs, n) -> new MerchantStore(rs.getString(1), rs.getString(2)), businessDate, businessDate);
    }

    /** The merchants with sales or voided tickets for the store on that business date. */
    public List<String> merchantsOf(String store, LocalDate businessDate) {
        return jdbc.queryForList("""
                SELECT merchant FROM sale WHERE store = ? AND business_date = ?
                UNION SELECT merchant FROM void_ticket WHERE store = ? AND business_date = ?
                """, String.class, store, businessDate, store, businessDate);
    }

    /** The merchants with sales or voided tickets for the store on any day. */
    public List<String> merchantsOf(String store) {
        return jdbc.queryForList("SELECT merchant FROM sale WHERE store = ? UNION SELECT merchant FROM void_ticket WHERE store = ?",
                String.class, store, store);
    }

    /** Whether a sale or a voided ticket of the merchant's store, on any day, names the register. */
    public boolean knowsRegister(String merchant, String store, String register) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM sale WHERE merchant = ? AND store = ? AND register = ?)
                    OR EXISTS (SELECT 1 FROM void_ticket WHERE merchant = ? AND store = ? AND register = ?)
                """, Boolean.class, merchant, store, register, merchant, store, register));
    }

    /**
     * The store-day's tickets with a tender of one of these codes of exactly this amount, as {@code register/ticket}: the
     * candidates for a payment keyed as the wrong tender (contract §22).
     */
    public List<String> ticketsPaid(String merchant, String store, LocalDate businessDate, Set<String> tenders, BigDecimal amount) {
        if (tenders.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(merchant, store, businessDate, amount));
        args.addAll(tenders);
        return jdbc.queryForList("""
                SELECT DISTINCT CONCAT(s.register, '/', s.ticket) FROM sale s JOIN sale_tender t ON t.sale_id = s.id
                 WHERE s.merchant = ? AND s.store = ? AND s.business_date = ? AND t.amount = ? AND t.tender IN (%s)
                 ORDER BY 1 LIMIT 50
                """.formatted(String.join(",", tenders.stream().map(t -> "?").toList())), String.class, args.toArray());
    }

    /**
     * A store-day's sales summed for its journal (contract §22): net and tax of the lines that sell goods, what the lines
     * selling gift cards took, the tickets' totals, each tender's sum, and the points the sales earned.
     */
    @NamedInterface("api")
    public record DayFigures(BigDecimal goodsNet, BigDecimal tax, BigDecimal giftCardsSold, BigDecimal totals,
                             Map<String, BigDecimal> tenders, long pointsEarned) {
    }

    /** The merchant's store-day summed for its journal. */
    public DayFigures figures(String merchant, String store, LocalDate businessDate) {
        Map<String, Object> sums = jdbc.queryForMap("""
                SELECT COALESCE(SUM(s.net_amount), 0) AS net, COALESCE(SUM(s.tax_amount), 0) AS tax,
                       COALESCE(SUM(s.total_amount), 0) AS total, COALESCE(SUM(s.points), 0) AS points,
                       COALESCE(SUM((SELECT COALESCE(SUM(l.net_amount), 0) FROM sale_line l WHERE l.sale_id = s.id AND l.gift_card)), 0) AS cards
                  FROM sale s WHERE s.merchant = ? AND s.store = ? AND s.business_date = ?
                """, merchant, store, businessDate);
        Map<String, BigDecimal> tenders = new TreeMap<>();
        jdbc.query("""
                SELECT t.tender, SUM(t.amount) FROM sale s JOIN sale_tender t ON t.sale_id = s.id
                 WHERE s.merchant = ? AND s.store = ? AND s.business_date = ? GROUP BY t.tender
                """, rs -> {
            tenders.put(rs.getString(1), rs.getBigDecimal(2));
        }, merchant, store, businessDate);
        BigDecimal cards = (BigDecimal) sums.get("cards");
        return new DayFigures(((BigDecimal) sums.get("net")).subtract(cards), (BigDecimal) sums.get("tax"), cards,
                (BigDecimal) sums.get("total"), tenders, ((Number) sums.get("points")).longValue());
    }

    /** The merchant's store-day register by register, a register with only voided tickets included. */
    public Map<String, RegisterSales> byRegister(String merchant, String store, LocalDate businessDate) {
        Map<String, RegisterSales> registers = new TreeMap<>();
        jdbc.query("SELECT register, ticket FROM sale WHERE merchant = ? AND store = ? AND business_date = ?", rs -> {
            registers.computeIfAbsent(rs.getString(1), RegisterSales::empty).tickets().add(rs.getString(2));
        }, merchant, store, businessDate);
        jdbc.query("SELECT register, ticket FROM void_ticket WHERE merchant = ? AND store = ? AND business_date = ?", rs -> {
            registers.computeIfAbsent(rs.getString(1), RegisterSales::empty).voided().add(rs.getString(2));
        }, merchant, store, businessDate);
        jdbc.query("""
                SELECT s.register, t.tender, SUM(t.amount) FROM sale s JOIN sale_tender t ON t.sale_id = s.id
                 WHERE s.merchant = ? AND s.store = ? AND s.business_date = ? GROUP BY s.register, t.tender
                """, rs -> {
            registers.computeIfAbsent(rs.getString(1), RegisterSales::empty).tenders().put(rs.getString(2), rs.getBigDecimal(3));
        }, merchant, store, businessDate);
        return registers;
    }
}
