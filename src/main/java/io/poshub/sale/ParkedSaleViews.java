package io.poshub.sale;

import io.poshub.common.Utc;
import io.poshub.member.MemberKeys;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Parked sales as the API and the console show them, their keys masked. */
@Component
public class ParkedSaleViews {

    private final JdbcTemplate jdbc;

    ParkedSaleViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A parked sale as the API shows it; keys are masked but for their last four characters. */
    public record Parked(long id, long saleId, String merchant, String feed, String mapping, String store, String register,
                         String ticket, String businessDate, BigDecimal netAmount, String cardNumber, String phone,
                         String email, String externalId, Instant parkedAt, Instant bookedAt, Long memberId) {
    }

    /** Open (not yet booked) parked sales, newest first; feed and a key are optional filters. */
    public List<Parked> find(String feed, String card, String phone, String email, String externalId, boolean open, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT p.*, s.store, s.register, s.ticket, s.business_date, s.net_amount
                  FROM parked_sale p JOIN sale s ON s.id = p.sale_id WHERE 1 = 1""");
        List<Object> args = new ArrayList<>();
        if (open) {
            sql.append(" AND p.booked_at IS NULL");
        }
        filter(sql, args, "p.feed", feed);
        filter(sql, args, "p.card_number", MemberKeys.card(card));
        filter(sql, args, "p.phone_e164", phone == null ? null : MemberKeys.phone(phone, "ZZ"));
        filter(sql, args, "p.email", MemberKeys.email(email));
        filter(sql, args, "p.external_id", MemberKeys.externalId(externalId));
        sql.append(" ORDER BY p.id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ParkedSaleViews::parked, args.toArray());
    }

    /** One parked sale, booked or not. */
    Parked find(long parkedId) {
        return jdbc.query("""
                SELECT p.*, s.store, s.register, s.ticket, s.business_date, s.net_amount
                  FROM parked_sale p JOIN sale s ON s.id = p.sale_id WHERE p.id = ?
                """, ParkedSaleViews::parked, parkedId).stream().findFirst().orElseThrow();
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static Parked parked(ResultSet rs, int n) throws SQLException {
        Timestamp booked = rs.getTimestamp("booked_at");
        long member = rs.getLong("member_id");
        Long memberId = rs.wasNull() ? null : member;
        return new Parked(rs.getLong("id"), rs.getLong("sale_id"), rs.getString("merchant"), rs.getString("feed"),
                rs.getString("mapping"), rs.getString("store"), rs.getString("register"), rs.getString("ticket"),
                rs.getString("business_date"), rs.getBigDecimal("net_amount"), MemberKeys.mask(rs.getString("card_number")),
                MemberKeys.mask(rs.getString("phone_e164")), MemberKeys.mask(rs.getString("email")),
                rs.getString("external_id"), Utc.instant(rs.getTimestamp("created_at")),
                Utc.instant(booked), memberId);
    }
}
