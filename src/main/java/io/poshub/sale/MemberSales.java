package io.poshub.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/** A member's sales as the hub received them: each with its lines and tenders (contract §17's export). */
@NamedInterface("api")
@Component
public class MemberSales {

    /**
     * A sale booked to a member. Amounts in the sale's currency, signed (a return is negative); {@code cashier} as the POS
     * named who rang it up, absent where it names none.
     */
    @NamedInterface("api")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberSale(long id, String store, String register, String ticket, LocalDate businessDate, Instant soldAt,
                             String kind, BigDecimal netAmount, BigDecimal taxAmount, BigDecimal totalAmount, String currency,
                             long points, String cashier, List<Line> lines, List<Tender> tenders) {
    }

    /** A line of a sale: what was taken off it ({@code discount}, absent where the layout gives no price) and whether it sold a gift card. */
    @NamedInterface("api")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(int lineNo, String sku, String description, String category, BigDecimal quantity, BigDecimal unitPrice,
                       BigDecimal netAmount, BigDecimal discount, boolean giftCard) {
    }

    /** A tender of a sale. */
    @NamedInterface("api")
    public record Tender(String tender, BigDecimal amount) {
    }

    private record Head(long id, String store, String register, String ticket, LocalDate businessDate, Instant soldAt,
                        String kind, BigDecimal net, BigDecimal tax, BigDecimal total, String currency, long points, String cashier) {
    }

    private final JdbcTemplate jdbc;

    MemberSales(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every sale booked to the member, oldest first. */
    public List<MemberSale> of(long memberId) {
        return of(memberId, LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31));
    }

    /** The sales booked to the member of business days {@code from} to {@code to} (both included), oldest first. */
    public List<MemberSale> of(long memberId, LocalDate from, LocalDate to) {
        return read("member_id = ? AND business_date BETWEEN ? AND ? ORDER BY sold_at, id", memberId, from, to);
    }

    /** One booked sale, as its receipt shows it. */
    public Optional<MemberSale> sale(long saleId) {
        return read("id = ?", saleId).stream().findFirst();
    }

    private List<MemberSale> read(String where, Object... args) {
        List<Head> heads = jdbc.query("""
                SELECT id, store, register, ticket, business_date, sold_at, kind, net_amount, tax_amount, total_amount, currency, points,
                       cashier
                  FROM sale WHERE\s""" + where, (rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getDate(5).toLocalDate(), Utc.instant(rs.getTimestamp(6)), rs.getString(7), rs.getBigDecimal(8),
                rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getString(11), rs.getLong(12), rs.getString(13)), args);
        Map<Long, List<Line>> lines = new HashMap<>();
        Map<Long, List<Tender>> tenders = new HashMap<>();
        // In slices, so a member of many years makes statements of a bounded size.
        for (int slice = 0; slice < heads.size(); slice += 1000) {
            List<Long> ids = heads.subList(slice, Math.min(heads.size(), slice + 1000)).stream().map(Head::id).toList();
            String in = Placeholders.list(ids.size());
            jdbc.query("SELECT sale_id, line_no, sku, description, category, quantity, unit_price, net_amount, discount, gift_card"
                    + " FROM sale_line WHERE sale_id IN (" + in + ") ORDER BY sale_id, line_no, id", rs -> {
                lines.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new Line(rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8),
                        rs.getBigDecimal(9), rs.getBoolean(10)));
            }, ids.toArray());
            jdbc.query("SELECT sale_id, tender, amount FROM sale_tender WHERE sale_id IN (" + in + ") ORDER BY sale_id, tender", rs -> {
                tenders.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new Tender(rs.getString(2), rs.getBigDecimal(3)));
            }, ids.toArray());
        }
        return heads.stream().map(h -> new MemberSale(h.id(), h.store(), h.register(), h.ticket(), h.businessDate(), h.soldAt(),
                h.kind(), h.net(), h.tax(), h.total(), h.currency(), h.points(), h.cashier(), lines.getOrDefault(h.id(), List.of()),
                tenders.getOrDefault(h.id(), List.of()))).toList();
    }
}
