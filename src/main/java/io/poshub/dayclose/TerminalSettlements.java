package io.poshub.dayclose;

import io.poshub.common.StoreActivity;
import io.poshub.csv.BindyBinder;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.CsvRecordReader;
import io.poshub.mapping.Mapping;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a card terminal settlement file (samples/README.md, "terminal"; contract §22) and keeps it in
 * {@code terminal_settlement}: one row per store, terminal, business day and card scheme. A newer file's rows for the
 * same store, terminal and day replace the older one's ({@code replaced_by}, kept as history). A row that does not
 * read — an amount or a date that is not one, a negative count — or a scheme given twice rejects its terminal-day, every
 * row of it with the reason: a terminal's day is summed whole or not at all. Each store-day kept is marked for its day
 * close.
 */
@NamedInterface("api")
@Component
public class TerminalSettlements {

    static final List<String> HEADER = BindyBinder.columns(TerminalRow.class);

    private final JdbcTemplate jdbc;
    private final BindyBinder<TerminalRow> binder;
    private final ApplicationEventPublisher events;
    private final CsvLimits limits;

    TerminalSettlements(JdbcTemplate jdbc, CamelContext camelContext, ApplicationEventPublisher events, CsvLimits limits) {
        this.jdbc = jdbc;
        this.binder = new BindyBinder<>(camelContext, TerminalRow.class);
        this.events = events;
        this.limits = limits;
    }

    /** What the store-day's terminals settled, and the mapping of the file that brought the latest of it. */
    record Settled(BigDecimal amount, String mapping) {
    }

    private record Row(int line, String raw, TerminalRow settled, String error) implements DayGroups.DayRow {
    }

    /**
     * Loads the file for the mapping's merchant, inside the caller's transaction.
     *
     * @throws SettlementFileException when the header is not the layout's
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ZReports.Result load(Reader file, Mapping mapping, long importFileId) throws IOException {
        CsvRecordReader records = new CsvRecordReader(ZReports.withoutBom(file), ',', '"', limits);
        CsvRecordReader.CsvRecord header = records.next();
        if (header == null || !header.fields().stream().map(String::trim).toList().equals(HEADER)) {
            throw new SettlementFileException("not a terminal settlement: the header must be " + String.join(",", HEADER));
        }
        Set<String> keptBefore = keptBy(importFileId);
        return DayGroups.keepWhole(records, this::read, "terminal-day", TerminalSettlements::problem, day -> {
            TerminalRow t = day.get(0).settled();
            if (keptBefore.add(t.store.trim() + '\u001F' + t.terminal.trim() + '\u001F' + t.businessDate)) {
                keep(day, mapping, importFileId);
            }
            return t.businessDate;
        });
    }

    /** What the store-day's terminals settled (their current rows summed); null when no settlement names the day. */
    Settled settled(String merchant, String store, LocalDate date) {
        List<Settled> sums = jdbc.query("""
                SELECT SUM(amount), (SELECT t2.mapping FROM terminal_settlement t2
                                      WHERE t2.merchant = t.merchant AND t2.store = t.store AND t2.business_date = t.business_date
                                        AND t2.replaced_by IS NULL ORDER BY t2.id DESC LIMIT 1)
                  FROM terminal_settlement t
                 WHERE t.merchant = ? AND t.store = ? AND t.business_date = ? AND t.replaced_by IS NULL
                 GROUP BY t.merchant, t.store, t.business_date
                """, (rs, n) -> new Settled(rs.getBigDecimal(1), rs.getString(2)), merchant, store, date);
        return sums.isEmpty() ? null : sums.get(0);
    }

    /** The merchants with settlements for the store on the day. */
    List<String> merchantsOf(String store, LocalDate date) {
        return jdbc.queryForList("SELECT DISTINCT merchant FROM terminal_settlement WHERE store = ? AND business_date = ? AND replaced_by IS NULL",
                String.class, store, date);
    }

    private Row read(CsvRecordReader.CsvRecord record) {
        if (!record.ok()) {
            return new Row(record.lineNo(), record.raw(), null, record.error());
        }
        if (record.fields().size() != HEADER.size()) {
            return new Row(record.lineNo(), record.raw(), null, "expected " + HEADER.size() + " fields, found " + record.fields().size());
        }
        try {
            TerminalRow t = binder.bind(record.fields(), record.lineNo());
            if (t.count < 0) {
                return new Row(record.lineNo(), record.raw(), null, "COUNT must not be negative");
            }
            return new Row(record.lineNo(), record.raw(), t, null);
        } catch (IllegalArgumentException e) {
            return new Row(record.lineNo(), record.raw(), null, e.getMessage());
        }
    }

    /** Why a terminal-day cannot be kept (a row that did not read, a scheme twice), or null. */
    private static String problem(List<Row> day) {
        Row bad = day.stream().filter(r -> r.settled() == null).findFirst().orElse(null);
        if (bad != null) {
            return "line " + bad.line() + ": " + bad.error();
        }
        Set<String> schemes = new HashSet<>();
        for (Row row : day) {
            if (!schemes.add(scheme(row.settled()))) {
                return "line " + row.line() + ": scheme " + scheme(row.settled()) + " appears twice";
            }
        }
        return null;
    }

    private void keep(List<Row> day, Mapping mapping, long importFileId) {
        TerminalRow t = day.get(0).settled();
        String store = t.store.trim();
        String terminal = t.terminal.trim();
        jdbc.update("""
                UPDATE terminal_settlement SET replaced_by = ?
                 WHERE merchant = ? AND store = ? AND terminal = ? AND business_date = ? AND replaced_by IS NULL AND import_file_id <> ?
                """, importFileId, mapping.merchant(), store, terminal, t.businessDate, importFileId);
        jdbc.batchUpdate("""
                INSERT INTO terminal_settlement (merchant, store, terminal, business_date, scheme, tx_count, amount, mapping, import_file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, day.stream().map(r -> new Object[] {mapping.merchant(), store, terminal, t.businessDate, scheme(r.settled()),
                r.settled().count, r.settled().amount, mapping.name(), importFileId}).toList());
        events.publishEvent(StoreActivity.sales(mapping.merchant(), store, t.businessDate));
    }

    /** The terminal-days this import kept already: a resumed import does not keep them twice. */
    private Set<String> keptBy(long importFileId) {
        Set<String> kept = new HashSet<>();
        jdbc.query("SELECT DISTINCT store, terminal, business_date FROM terminal_settlement WHERE import_file_id = ?",
                rs -> {
                    kept.add(rs.getString(1) + '\u001F' + rs.getString(2) + '\u001F' + rs.getDate(3).toLocalDate());
                }, importFileId);
        return kept;
    }

    private static String scheme(TerminalRow t) {
        return t.scheme.trim().toUpperCase(Locale.ROOT);
    }
}
