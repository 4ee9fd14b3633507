package io.poshub.dayclose;

import io.poshub.csv.BindyBinder;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.CsvRecordReader;
import io.poshub.csv.Values;
import io.poshub.mapping.Mapping;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a Z-report file (samples/README.md, "zreport") and keeps it: one {@code z_report} per register-day with
 * its {@code z_report_tender} rows. A newer Z-report of the same store, register and day replaces the one before
 * ({@code replaced_by}), which stays as history. A row that does not read rejects its register-day (every row of it,
 * with the reason); rows of one register-day whose day fields disagree fail the whole file. The optional {@code FLOAT}
 * and {@code COUNTED} columns (contract §22) are the register-day's drawer, kept as its cash count. Each store-day kept
 * is marked for its day close.
 */
@NamedInterface("api")
@Component
public class ZReports {

    static final List<String> HEADER = BindyBinder.columns(ZReportRow.class);
    /** The optional drawer columns after the layout's (contract §22): the register-day's opening float and cash counted. */
    static final List<String> CASH_COLUMNS = List.of("FLOAT", "COUNTED");
    private static final Pattern AMOUNT = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private final JdbcTemplate jdbc;
    private final BindyBinder<ZReportRow> binder;
    private final DayCloseWatch watch;
    private final CsvLimits limits;
    private final CashCounts cashCounts;

    ZReports(JdbcTemplate jdbc, CamelContext camelContext, DayCloseWatch watch, CsvLimits limits, CashCounts cashCounts) {
        this.jdbc = jdbc;
        this.cashCounts = cashCounts;
        this.limits = limits;
        this.binder = new BindyBinder<>(camelContext, ZReportRow.class);
        this.watch = watch;
    }

    /** A row not kept, and why. */
    @NamedInterface("api")
    public record RowError(int line, String reason, String raw) {
    }

    /** What a file brought: rows kept, rows rejected with their reasons, and the business days it covers. */
    @NamedInterface("api")
    public record Result(int rowsAccepted, List<RowError> rejected, LocalDate firstDay, LocalDate lastDay) {
    }

    /** A row read: the layout's fields, the drawer's in minor units (null where not given), or why it did not read. */
    private record Row(int line, String raw, ZReportRow z, Long floatMinor, Long countedMinor, String error) implements DayGroups.DayRow {

        static Row refused(CsvRecordReader.CsvRecord record, String error) {
            return new Row(record.lineNo(), record.raw(), null, null, null, error);
        }
    }

    /**
     * Loads the file for the mapping's merchant, inside the caller's transaction.
     *
     * @throws ZReportFileException when the header is not the layout's, or a register-day's rows disagree on its day
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Result load(Reader file, Mapping mapping, long importFileId) throws IOException {
        CsvRecordReader records = new CsvRecordReader(withoutBom(file), ',', '"', limits);
        CsvRecordReader.CsvRecord header = records.next();
        List<String> columns = header == null ? List.of() : header.fields().stream().map(String::trim).toList();
        boolean withCash = columns.size() == HEADER.size() + CASH_COLUMNS.size() && columns.subList(HEADER.size(), columns.size()).equals(CASH_COLUMNS);
        if (!columns.equals(HEADER) && !(withCash && columns.subList(0, HEADER.size()).equals(HEADER))) {
            throw new ZReportFileException("not a Z-report: the header must be " + String.join(",", HEADER) + " (then, optionally, "
                    + String.join(",", CASH_COLUMNS) + ")");
        }
        int fieldCount = columns.size();
        int digits = DayClose.digits(mapping);
        Set<String> keptBefore = keptBy(importFileId);
        return DayGroups.keepWhole(records, record -> read(record, fieldCount, digits, mapping.currency()), "register-day",
                ZReports::problem, day -> {
                    ZReportRow z = day.get(0).z();
                    if (keptBefore.add(z.store.trim() + '\u001F' + z.register.trim() + '\u001F' + z.businessDate)) {
                        keep(day, mapping, importFileId);
                    }
                    return z.businessDate;
                });
    }

    private Row read(CsvRecordReader.CsvRecord record, int fieldCount, int digits, String currency) {
        if (!record.ok()) {
            return Row.refused(record, record.error());
        }
        if (record.fields().size() != fieldCount) {
            return Row.refused(record, "expected " + fieldCount + " fields, found " + record.fields().size());
        }
        try {
            ZReportRow z = binder.bind(record.fields().subList(0, HEADER.size()), record.lineNo());
            if (z.ticketCount < 0 || z.tenderCount < 0) {
                return Row.refused(record, "TICKET_COUNT and TENDER_COUNT must not be negative");
            }
            if (fieldCount == HEADER.size()) {
                return new Row(record.lineNo(), record.raw(), z, null, null, null);
            }
            Long counted = minor(record.fields().get(HEADER.size() + 1), "COUNTED", digits, currency);
            Long opening = minor(record.fields().get(HEADER.size()), "FLOAT", digits, currency);
            return new Row(record.lineNo(), record.raw(), z, counted == null ? null : opening == null ? 0L : opening, counted, null);
        } catch (IllegalArgumentException e) {
            return Row.refused(record, e.getMessage());
        }
    }

    /**
     * A drawer amount of the optional columns in minor units: a plain amount, not negative, with no more decimals than
     * the currency has; null when blank.
     *
     * @throws IllegalArgumentException naming the column, when it is none of that
     */
    private static Long minor(String field, String column, int digits, String currency) {
        String text = field.trim();
        if (text.isEmpty()) {
            return null;
        }
        if (!AMOUNT.matcher(text).matches()) {
            throw new IllegalArgumentException(column + " '" + Values.truncate(text, 40) + "' is not an amount (digits, a dot for decimals, not negative)");
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(column + " '" + text + "' has more decimals than " + currency + "'s " + digits);
        }
        try {
            return amount.movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(column + " '" + text + "' is too large an amount");
        }
    }

    /**
     * Why a register-day cannot be kept (a row that did not read, a tender twice), or null.
     *
     * @throws ZReportFileException when its rows disagree on the day's fields
     */
    private static String problem(List<Row> day) {
        Row bad = day.stream().filter(r -> r.z() == null).findFirst().orElse(null);
        if (bad != null) {
            return "line " + bad.line() + ": " + bad.error();
        }
        ZReportRow first = day.get(0).z();
        Set<String> tenders = new HashSet<>();
        for (Row row : day) {
            ZReportRow z = row.z();
            if (!z.zNo.trim().equals(first.zNo.trim()) || !z.firstTicket.trim().equals(first.firstTicket.trim())
                    || !z.lastTicket.trim().equals(first.lastTicket.trim()) || !Objects.equals(z.ticketCount, first.ticketCount)
                    || !Objects.equals(row.floatMinor(), day.get(0).floatMinor()) || !Objects.equals(row.countedMinor(), day.get(0).countedMinor())) {
                throw new ZReportFileException("store " + first.store.trim() + " register " + first.register.trim() + " of "
                        + first.businessDate + ": line " + row.line() + " gives Z_NO, FIRST_TICKET, LAST_TICKET, TICKET_COUNT, FLOAT "
                        + "or COUNTED other than line " + day.get(0).line() + "; nothing of the file is kept");
            }
            if (!tenders.add(tender(z))) {
                return "line " + row.line() + ": tender " + tender(z) + " appears twice";
            }
        }
        return null;
    }

    private void keep(List<Row> day, Mapping mapping, long importFileId) {
        ZReportRow z = day.get(0).z();
        String store = z.store.trim();
        String register = z.register.trim();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO z_report (merchant, store, register, business_date, z_no, first_ticket, last_ticket, ticket_count,
                                          mapping, import_file_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, mapping.merchant());
            ps.setString(2, store);
            ps.setString(3, register);
            ps.setObject(4, z.businessDate);
            ps.setString(5, z.zNo.trim());
            ps.setString(6, z.firstTicket.trim());
            ps.setString(7, z.lastTicket.trim());
            ps.setInt(8, z.ticketCount);
            ps.setString(9, mapping.name());
            ps.setLong(10, importFileId);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        jdbc.update("""
                UPDATE z_report SET replaced_by = ?
                 WHERE merchant = ? AND store = ? AND register = ? AND business_date = ? AND replaced_by IS NULL AND id < ?
                """, id, mapping.merchant(), store, register, z.businessDate, id);
        jdbc.batchUpdate("INSERT INTO z_report_tender (z_report_id, tender, tender_count, amount) VALUES (?, ?, ?, ?)",
                day.stream().map(r -> new Object[] {id, tender(r.z()), r.z().tenderCount, r.z().tenderAmount}).toList());
        Row first = day.get(0);
        if (first.countedMinor() != null) {
            cashCounts.keep(mapping.merchant(), store, z.businessDate,
                    new CashCounts.Count(register, first.floatMinor(), first.countedMinor(), CashCounts.Source.Z_REPORT));
        }
        watch.touch(mapping.merchant(), store, z.businessDate);
    }

    /** The register-days this import kept already: a resumed import does not keep them twice. */
    private Set<String> keptBy(long importFileId) {
        Set<String> kept = new HashSet<>();
        jdbc.query("SELECT store, register, business_date FROM z_report WHERE import_file_id = ?",
                rs -> {
                    kept.add(rs.getString(1) + '\u001F' + rs.getString(2) + '\u001F' + rs.getDate(3).toLocalDate());
                }, importFileId);
        return kept;
    }

    private static String tender(ZReportRow z) {
        return z.tender.trim().toUpperCase(Locale.ROOT);
    }

    /** The file without its byte order mark, if it has one. */
    static Reader withoutBom(Reader file) throws IOException {
        PushbackReader in = new PushbackReader(file, 1);
        int c = in.read();
        if (c != -1 && c != '\uFEFF') {
            in.unread(c);
        }
        return in;
    }
}
