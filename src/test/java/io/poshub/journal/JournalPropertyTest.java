package io.poshub.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.sale.SalesOfTheDay;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every journal balances (Σ debit = Σ credit) whatever a store-day's sales add up to — tenders of any sign, gift cards
 * sold and redeemed, points earned and spent, a POS whose totals are not net + tax — and a day's versions, as a late file
 * changes it again and again, add up to its last journal: each change adds the reversal of the last entry and the new.
 */
class JournalPropertyTest {

    @Provide
    Arbitrary<SalesOfTheDay.DayFigures> days() {
        Arbitrary<BigDecimal> amounts = Arbitraries.longs().between(-500_000, 5_000_000).map(c -> BigDecimal.valueOf(c, 2));
        Arbitrary<Map<String, BigDecimal>> tenders = Arbitraries.maps(Arbitraries.of("CASH", "VISA", "MC", "VIPPS", "GIFTCARD", "POINTS", "UNKNOWN"),
                amounts).ofMaxSize(7);
        return Combinators.combine(amounts, amounts, amounts, amounts, tenders, Arbitraries.longs().between(0, 2_000_000))
                .as(SalesOfTheDay.DayFigures::new);
    }

    @Provide
    Arbitrary<List<SalesOfTheDay.DayFigures>> changes() {
        return days().list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 500)
    void everyJournalBalances(@ForAll("days") SalesOfTheDay.DayFigures day) {
        List<JournalLines.Line> lines = JournalLines.of(day, null);
        assertThat(lines.stream().map(JournalLines.Line::debit).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("Σ debit of %s", lines).isEqualByComparingTo(lines.stream().map(JournalLines.Line::credit).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.debit().signum()).isNotNegative();
            assertThat(l.credit().signum()).isNotNegative();
            assertThat(l.debit().signum() * l.credit().signum()).as("one side of %s", l).isZero();
        });
        // Σ of the tenders the sales took (all but gift cards and points) is on the debit side, net of refunds.
        BigDecimal paid = day.tenders().entrySet().stream().filter(t -> !t.getKey().equals("GIFTCARD") && !t.getKey().equals("POINTS"))
                .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(lines.stream().filter(l -> l.account().startsWith(JournalLines.TENDER)).map(JournalLines.Line::net)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(paid);
    }

    @Property(tries = 200)
    void aDaysVersionsAddUpToItsLastJournal(@ForAll("changes") List<SalesOfTheDay.DayFigures> changes) {
        List<Journals.Version> versions = new ArrayList<>();
        for (SalesOfTheDay.DayFigures day : changes) {
            List<JournalLines.Line> lines = JournalLines.of(day, null);
            for (Journals.Next next : Journals.next(versions, lines, "NOK")) {
                versions.add(new Journals.Version("demo", "001", LocalDate.of(2026, 11, 2), versions.size() + 1, next.kind(), next.currency(),
                        "PENDING", 0, null, Instant.EPOCH, null, next.lines()));
            }
            assertThat(versions).allSatisfy(v -> assertThat(Journals.balance(v)).as("version %d", v.version()).isZero());
            assertThat(JournalLines.sum(versions.stream().flatMap(v -> v.lines().stream()).toList()))
                    .as("the versions of the day against its last journal").isEqualTo(JournalLines.sum(lines));
        }
        // A change never adds more than a reversal and an entry; the same day twice adds nothing.
        int before = versions.size();
        assertThat(Journals.next(versions, JournalLines.of(changes.get(changes.size() - 1), null), "NOK")).isEmpty();
        assertThat(versions.size()).isEqualTo(before).isLessThanOrEqualTo(2 * changes.size());
        Map<String, Integer> kinds = new LinkedHashMap<>();
        versions.forEach(v -> kinds.merge(v.kind(), 1, Integer::sum));
        assertThat(kinds.getOrDefault("REVERSAL", 0)).isEqualTo(kinds.get("ENTRY") - 1);
    }
}
