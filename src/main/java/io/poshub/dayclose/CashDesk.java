package io.poshub.dayclose;

import io.poshub.common.InvalidField;
import io.poshub.sale.SalesOfTheDay;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A drawer counted through the API (contract §22): the register must be one the store has used — named by a sale, a
 * voided ticket or a Z-report of it on any day — so a mistyped register is refused, not kept where no day close looks.
 */
@Service
class CashDesk {

    private final JdbcTemplate jdbc;
    private final SalesOfTheDay sales;
    private final CashCounts counts;
    private final DayClose dayClose;

    CashDesk(JdbcTemplate jdbc, SalesOfTheDay sales, CashCounts counts, DayClose dayClose) {
        this.jdbc = jdbc;
        this.sales = sales;
        this.counts = counts;
        this.dayClose = dayClose;
    }

    /** The merchants whose sales, voided tickets or Z-reports name the store, on any day. */
    List<String> merchantsOf(String store) {
        TreeSet<String> merchants = new TreeSet<>(sales.merchantsOf(store));
        merchants.addAll(jdbc.queryForList("SELECT DISTINCT merchant FROM z_report WHERE store = ?", String.class, store));
        return List.copyOf(merchants);
    }

    /**
     * Keeps the count and answers the register's drawer as the day close now shows it.
     *
     * @throws InvalidField (register) when the store never used the register
     */
    @Transactional
    DayClose.Cash count(String merchant, String store, LocalDate date, String register, long openingFloat, long counted) {
        boolean known = sales.knowsRegister(merchant, store, register) || Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM z_report WHERE merchant = ? AND store = ? AND register = ?)", Boolean.class,
                merchant, store, register));
        if (!known) {
            throw new InvalidField("register", "store " + store + " of " + merchant + " has no register '" + register
                    + "': no sale, voided ticket or Z-report names it");
        }
        counts.keep(merchant, store, date, new CashCounts.Count(register, openingFloat, counted, CashCounts.Source.API));
        return dayClose.compute(merchant, store, date).registers().stream().filter(r -> r.register().equals(register))
                .findFirst().orElseThrow().cash();
    }
}
