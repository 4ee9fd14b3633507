package io.poshub.sale;

import io.poshub.db.Placeholders;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The booked sales returns name: a return earns back what its original earned, at the original's multiplier. */
@Component
class OriginalSales {

    private final JdbcTemplate jdbc;

    OriginalSales(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a return's original is looked for: store, register and the original's ticket. */
    record Key(String store, String register, String ticket) {
    }

    /** The original sale a return names, booked at the same store and register: its id and multiplier. */
    record Original(long saleId, BigDecimal multiplier, LocalDate businessDate) {
    }

    /** For each key, the latest SALE (by business date, then id) it names; keys without one are absent. */
    Map<Key, Original> of(String merchant, Collection<Key> keys) {
        Map<Key, Original> found = new HashMap<>();
        List<Key> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>();
        args.add(merchant);
        distinct.forEach(k -> args.addAll(List.of(k.store(), k.register(), k.ticket())));
        jdbc.query("""
                SELECT store, register, ticket, id, multiplier, business_date FROM sale FORCE INDEX (uk_sale_identity)
                 WHERE merchant = ? AND kind = 'SALE' AND (store, register, ticket) IN (%s)
                 ORDER BY business_date, id""".formatted(Placeholders.tuples(distinct.size(), 3)), rs -> {
            // ascending order: the last one seen per key is the latest
            found.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)),
                    new Original(rs.getLong(4), rs.getBigDecimal(5), rs.getDate(6).toLocalDate()));
        }, args.toArray());
        return found;
    }
}
