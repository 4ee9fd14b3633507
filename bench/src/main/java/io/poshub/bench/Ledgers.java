package io.poshub.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a booking left, table by table, as a fingerprint that does not depend on row ids or order: the row count and
 * the sum of a checksum of each row's values, rows named by their natural keys (a sale by store, register, ticket and
 * business date; a member by its customer number). Two bookings of the same file are equal when every table's
 * fingerprint is. The columns are those the hub and the Spring Batch peer both write; the hub's points lots
 * (remaining, pending, expiry) and the import's counters are the hub's own and not compared.
 */
final class Ledgers {

    private static final String SALE_KEY = "s.store, s.register, s.ticket, s.business_date";

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("sale", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + SALE_KEY + ", s.status, IFNULL(m.external_id, '-'),"
                + " s.kind, s.net_amount, s.tax_amount, s.total_amount, s.currency, s.points, IFNULL(s.multiplier, '-'),"
                + " IFNULL(s.tender, '-'), IFNULL(s.orig_ticket, '-'), s.sold_at, IFNULL(o.ticket, '-'), s.mobile_payment))), 0)"
                + " FROM sale s LEFT JOIN member m ON m.id = s.member_id LEFT JOIN sale o ON o.id = s.orig_sale_id");
        TABLES.put("sale_line", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + SALE_KEY + ", l.line_no, IFNULL(l.seq, '-'),"
                + " IFNULL(l.sku, '-'), IFNULL(l.description, '-'), IFNULL(l.category, '-'), l.quantity, IFNULL(l.unit_price, '-'),"
                + " l.net_amount, IFNULL(l.discount, '-'), l.gift_card))), 0) FROM sale_line l JOIN sale s ON s.id = l.sale_id");
        TABLES.put("sale_tender", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + SALE_KEY + ", t.tender, t.amount))), 0)"
                + " FROM sale_tender t JOIN sale s ON s.id = t.sale_id");
        TABLES.put("points_entry", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', m.external_id, IFNULL(s.ticket, '-'),"
                + " IFNULL(s.business_date, '-'), p.delta, p.reason))), 0)"
                + " FROM points_entry p JOIN member m ON m.id = p.member_id LEFT JOIN sale s ON s.id = p.sale_id");
        TABLES.put("member", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', m.external_id, m.lifetime_earned, m.tier))), 0)"
                + " FROM member m");
        TABLES.put("points_account", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', m.external_id, a.balance))), 0)"
                + " FROM points_account a JOIN member m ON m.id = a.member_id WHERE a.balance <> 0");
        TABLES.put("parked_sale", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + SALE_KEY + ", IFNULL(p.card_number, '-'),"
                + " IFNULL(p.phone_e164, '-'), IFNULL(p.email, '-'), IFNULL(p.external_id, '-')))), 0)"
                + " FROM parked_sale p JOIN sale s ON s.id = p.sale_id");
    }

    private Ledgers() {
    }

    /** Each table's rows and checksum, {@code "rows/checksum"}. */
    static Map<String, String> of(Database db) throws Exception {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                try (ResultSet rs = s.executeQuery(table.getValue())) {
                    rs.next();
                    fingerprint.put(table.getKey(), rs.getLong(1) + "/" + rs.getString(2));
                }
            }
        }
        return fingerprint;
    }

    /** The tables whose fingerprints differ, with both; empty when the ledgers are equal. */
    static Map<String, String> differences(Map<String, String> one, Map<String, String> other) {
        Map<String, String> differ = new LinkedHashMap<>();
        one.forEach((table, print) -> {
            if (!print.equals(other.get(table))) {
                differ.put(table, print + " vs " + other.get(table));
            }
        });
        return differ;
    }
}
