package io.poshub.journal;

import io.poshub.common.Utc;
import io.poshub.dayclose.StoreDayComputed;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingException;
import io.poshub.mapping.MappingRepository;
import io.poshub.sale.SalesOfTheDay;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Keeps each closed store-day's journal (contract §22). Whenever a store-day's close is computed and it is closed (its
 * Z-report came, no ticket missing), its journal is worked out from its sales ({@link JournalLines}); when that differs
 * from what its versions add up to, the last version is reversed (a version of its own) and the new journal added. Runs
 * in the day close's transaction, under its store-day's lock: two nodes never version one day at once.
 */
@Service
class Journals {

    /** One version of a store-day's journal, with its lines and how far it got to the accountant. */
    record Version(String merchant, String store, LocalDate date, int version, String kind, String currency, String state,
                   int tries, String lastError, Instant createdAt, Instant sentAt, List<JournalLines.Line> lines) {
    }

    private final JdbcTemplate jdbc;
    private final SalesOfTheDay sales;
    private final MappingRepository mappings;

    Journals(JdbcTemplate jdbc, SalesOfTheDay sales, MappingRepository mappings) {
        this.jdbc = jdbc;
        this.sales = sales;
        this.mappings = mappings;
    }

    @EventListener
    void on(StoreDayComputed day) {
        if (day.closed()) {
            record(day.merchant(), day.store(), day.date(), mappingOrNull(day.mapping()));
        }
    }

    /** Versions the store-day's journal when it changed; answers whether it did. */
    boolean record(String merchant, String store, LocalDate date, Mapping mapping) {
        List<JournalLines.Line> lines = JournalLines.of(sales.figures(merchant, store, date), mapping).stream()
                .map(l -> new JournalLines.Line(mapping == null ? l.account() : mapping.account(l.account()), l.debit(), l.credit()))
                .toList();
        List<Version> versions = versions(merchant, store, date);
        int version = versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
        List<Next> next = next(versions, lines, mapping == null ? "XXX" : mapping.currency());
        for (Next n : next) {
            write(merchant, store, date, ++version, n.kind(), n.currency(), n.lines());
        }
        return !next.isEmpty();
    }

    /** A version to add: its kind, currency and lines. */
    record Next(String kind, String currency, List<JournalLines.Line> lines) {
    }

    /**
     * The versions to add to a store-day's so they add up to {@code lines}: none when they do already; else the reversal
     * of the last entry (when there is one), then the new entry. The first journal of a day is added even when empty.
     */
    static List<Next> next(List<Version> versions, List<JournalLines.Line> lines, String currency) {
        List<JournalLines.Line> all = versions.stream().flatMap(v -> v.lines().stream()).toList();
        if (!versions.isEmpty() && JournalLines.sum(all).equals(JournalLines.sum(lines))) {
            return List.of();
        }
        List<Next> next = new ArrayList<>();
        versions.stream().filter(v -> v.kind().equals("ENTRY")).reduce((a, b) -> b).ifPresent(last ->
                next.add(new Next("REVERSAL", last.currency(), last.lines().stream().map(JournalLines.Line::reversed).toList())));
        next.add(new Next("ENTRY", currency, lines));
        return next;
    }

    private void write(String merchant, String store, LocalDate date, int version, String kind, String currency,
                       List<JournalLines.Line> lines) {
        jdbc.update("INSERT INTO journal_version (merchant, store, business_date, version, kind, currency) VALUES (?, ?, ?, ?, ?, ?)",
                merchant, store, date, version, kind, currency);
        jdbc.batchUpdate("""
                INSERT INTO journal_entry (merchant, store, business_date, version, account, debit, credit, currency)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, lines.stream().map(l -> new Object[] {merchant, store, date, version, l.account(), l.debit(), l.credit(), currency})
                .toList());
    }

    /** A store-day's versions, oldest first. */
    List<Version> versions(String merchant, String store, LocalDate date) {
        return find("v.merchant = ? AND v.store = ? AND v.business_date = ?", merchant, store, date);
    }

    /** The versions of the days from {@code from} to {@code to}, of one store when named; by day, store and version. */
    List<Version> between(LocalDate from, LocalDate to, String store) {
        return store == null ? find("v.business_date BETWEEN ? AND ?", from, to)
                : find("v.business_date BETWEEN ? AND ? AND v.store = ?", from, to, store);
    }

    private List<Version> find(String where, Object... args) {
        Map<String, Version> versions = new LinkedHashMap<>();
        jdbc.query("""
                SELECT v.merchant, v.store, v.business_date, v.version, v.kind, v.currency, v.state, v.tries, v.last_error,
                       v.created_at, v.sent_at, e.account, e.debit, e.credit
                  FROM journal_version v LEFT JOIN journal_entry e
                    ON e.merchant = v.merchant AND e.store = v.store AND e.business_date = v.business_date AND e.version = v.version
                 WHERE %s ORDER BY v.business_date, v.store, v.merchant, v.version, e.id
                """.formatted(where), rs -> {
            String key = rs.getString(1) + '\u001F' + rs.getString(2) + '\u001F' + rs.getDate(3) + '\u001F' + rs.getInt(4);
            Version v = versions.computeIfAbsent(key, k -> {
                try {
                    return new Version(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getInt(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), Utc.instant(rs.getTimestamp(10)),
                            Utc.instant(rs.getTimestamp(11)), new ArrayList<>());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (rs.getString(12) != null) {
                v.lines().add(new JournalLines.Line(rs.getString(12), rs.getBigDecimal(13), rs.getBigDecimal(14)));
            }
        }, args);
        return List.copyOf(versions.values());
    }

    private Mapping mappingOrNull(String name) {
        if (name == null) {
            return null;
        }
        try {
            return mappings.get(name);
        } catch (MappingException e) {
            return null;
        }
    }

    /** Σ debit − Σ credit of a version's lines: zero for every version kept. */
    static BigDecimal balance(Version version) {
        return version.lines().stream().map(JournalLines.Line::net).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
