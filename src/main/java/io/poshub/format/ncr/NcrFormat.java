package io.poshub.format.ncr;

import io.poshub.csv.BindyBinder;
import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.Values;
import io.poshub.format.BindyFormat;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.format.RowReader;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.Mapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * NCR's record-typed export: {@code H} opens a transaction, its {@code L} lines and {@code T} tenders
 * follow, and the last line {@code F|records|total} vouches for the whole file. The trailer is checked in
 * a first pass before any row is handed out: a missing or disagreeing trailer fails the whole file.
 */
@Component
class NcrFormat extends BindyFormat {

    NcrFormat(CamelContext camelContext, CsvLimits limits) {
        super("ncr", camelContext, limits);
    }

    /** The name of the field an L record may carry after its own: the number of the gift card it sells (contract §19). */
    static final String SERIAL = "serial";
    /** The name of the field an H record may carry after its own: who rang the transaction up. */
    static final String CASHIER = "cashier";

    @Override
    public RowReader open(ByteSource content, Mapping mapping) {
        String number = mapping.giftCardItems() == null ? null : mapping.giftCardItems().numberColumn();
        if (number != null && !number.equals(SERIAL)) {
            throw new UnreadableFileException("NCR records carry a gift card's number as the L record's 10th field, '" + SERIAL
                    + "': the mapping's giftCardItems.numberField must be " + SERIAL + ", not '" + number + "'");
        }
        if (mapping.cashierColumn() != null && !mapping.cashierColumn().equals(CASHIER)) {
            throw new UnreadableFileException("NCR records carry the cashier as the H record's 13th field, '" + CASHIER
                    + "': the mapping's cashier must be " + CASHIER + ", not '" + mapping.cashierColumn() + "'");
        }
        if (mapping.discountColumn() != null) {
            throw new UnreadableFileException("NCR records carry no discount field: a line's discount is its price times its "
                    + "quantity less its amount; the mapping's discount must not be set");
        }
        verifyTrailer(content);
        try {
            return new NcrRows(reader(content), binder(NcrHeader.class), binder(NcrLine.class), binder(NcrTender.class),
                    number != null, mapping.cashierColumn() != null);
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read: " + e.getMessage());
        }
    }

    /** First pass: the F trailer must be the last line and agree with the records and tenders before it. */
    static void verifyTrailer(ByteSource content) {
        long records = 0;
        long tenderTotal = 0;
        String trailer = null;
        int trailerLine = 0;
        int lineNo = 0;
        try (BufferedReader in = reader(content)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (trailer != null) {
                    throw new UnreadableFileException("line " + lineNo + ": records after the F trailer of line " + trailerLine);
                }
                String type = line.length() > 1 && line.charAt(1) == '|' ? line.substring(0, 1) : "";
                switch (type) {
                    case "H", "L" -> records++;
                    case "T" -> {
                        records++;
                        String[] f = line.split("\\|", -1);
                        try {
                            tenderTotal += f.length > 3 ? Long.parseLong(f[3].trim()) : 0;
                        } catch (NumberFormatException e) {
                            // counted as 0: the trailer total will disagree and say so
                        }
                    }
                    case "F" -> {
                        trailer = line;
                        trailerLine = lineNo;
                    }
                    default -> records++;
                }
            }
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read: " + e.getMessage());
        }
        if (trailer == null) {
            throw new UnreadableFileException("no F trailer: the file was cut short or is not an NCR export; nothing of it is booked");
        }
        String[] f = trailer.split("\\|", -1);
        long declaredRecords;
        long declaredTotal;
        try {
            declaredRecords = Long.parseLong(f[1].trim());
            declaredTotal = Long.parseLong(f[2].trim());
        } catch (RuntimeException e) {
            throw new UnreadableFileException("line " + trailerLine + ": the F trailer is not F|records|totalCents: " + trailer);
        }
        if (declaredRecords != records || declaredTotal != tenderTotal) {
            throw new UnreadableFileException("line " + trailerLine + ": the F trailer says " + declaredRecords + " records and "
                    + declaredTotal + " in tenders, the file has " + records + " and " + tenderTotal
                    + "; it was cut short or altered, nothing of it is booked");
        }
    }

    private static BufferedReader reader(ByteSource content) throws IOException {
        return new BufferedReader(new InputStreamReader(content.open(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }

    /** Second pass: each H, L and T record a row; L and T rows belong to the H before them. */
    private static final class NcrRows implements RowReader {

        private final BufferedReader in;
        private final BindyBinder<NcrHeader> headers;
        private final BindyBinder<NcrLine> lines;
        private final BindyBinder<NcrTender> tenders;
        private int lineNo;
        private String currentKey;
        private String currentTxn;
        private PosRow current;
        private final boolean serials;
        private final boolean cashiers;

        NcrRows(BufferedReader in, BindyBinder<NcrHeader> headers, BindyBinder<NcrLine> lines, BindyBinder<NcrTender> tenders,
                boolean serials, boolean cashiers) {
            this.in = in;
            this.serials = serials;
            this.cashiers = cashiers;
            this.headers = headers;
            this.lines = lines;
            this.tenders = tenders;
        }

        @Override
        public ParsedRow next() throws IOException {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = Arrays.asList(line.split("\\|", -1));
                String type = f.get(0).trim();
                if (type.equals("F")) {
                    return null;
                }
                if (line.indexOf('\uFFFD') >= 0) {
                    return bad(line, keyOf(type, f), "bytes that are not valid UTF-8");
                }
                try {
                    return switch (type) {
                        case "H" -> header(line, f);
                        case "L" -> line(line, f);
                        case "T" -> tender(line, f);
                        default -> bad(line, null, "unknown record type '" + type + "' (expected H, L, T or F)");
                    };
                } catch (IllegalArgumentException e) {
                    return bad(line, keyOf(type, f), e.getMessage());
                }
            }
            return null;
        }

        private ParsedRow header(String raw, List<String> f) {
            currentKey = f.size() > 4 ? String.join("\u001F", f.subList(1, 5)) : null;
            currentTxn = f.size() > 3 ? f.get(3).trim() : null;
            current = null;
            requireFields(f, headers.columns(), cashiers ? CASHIER : null);
            NcrHeader h = headers.bind(f.subList(0, headers.columns().size()), lineNo);
            PosRow.RowType type = switch (h.type.trim().toUpperCase(Locale.ROOT)) {
                case "SALE" -> PosRow.RowType.SALE;
                case "RETURN" -> PosRow.RowType.RETURN;
                case "VOID" -> PosRow.RowType.VOID;
                default -> throw new IllegalArgumentException("type (field 7) must be SALE, RETURN or VOID, found '" + h.type + "'");
            };
            current = new PosRow(h.store.trim(), h.register.trim(), h.txn.trim(), h.date, h.date.atTime(h.time), type,
                    Values.blankToNull(h.loyaltyCard), Values.blankToNull(h.phone), null, null, null, null, null, null, null, null, null, null,
                    cents(h.taxCents), cents(h.totalCents), null, Values.blankToNull(h.origTxn), false, null, null, null,
                    extra(f, headers.columns().size()), null);
            return new ParsedRow(lineNo, raw, currentKey, current, null);
        }

        private ParsedRow line(String raw, List<String> f) {
            String key = keyOf("L", f);
            requireFields(f, lines.columns(), serials ? SERIAL : null);
            NcrLine l = lines.bind(f.subList(0, lines.columns().size()), lineNo);
            requireOwnHeader("L", l.txn);
            return new ParsedRow(lineNo, raw, key, withLine(l, extra(f, lines.columns().size())), null);
        }

        private ParsedRow tender(String raw, List<String> f) {
            String key = keyOf("T", f);
            requireFields(f, tenders.columns(), null);
            NcrTender t = tenders.bind(f, lineNo);
            requireOwnHeader("T", t.txn);
            PosRow h = current;
            return new ParsedRow(lineNo, raw, key, new PosRow(h.store(), h.register(), h.ticket(), h.businessDate(),
                    h.soldAtLocal(), h.type(), null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, Values.blankToNull(t.tender), null, false, cents(t.amountCents), Values.blankToNull(t.authRef)), null);
        }

        private void requireOwnHeader(String type, String txn) {
            if (current == null || !txn.trim().equals(currentTxn)) {
                throw new IllegalArgumentException(type + " record of transaction " + txn + " does not follow its H record");
            }
        }

        private PosRow withLine(NcrLine l, String serial) {
            PosRow h = current;
            return new PosRow(h.store(), h.register(), h.ticket(), h.businessDate(), h.soldAtLocal(), h.type(),
                    null, null, null, null, l.seq, Values.blankToNull(l.sku), Values.blankToNull(l.description), Values.blankToNull(l.department),
                    BigDecimal.valueOf(l.qty), cents(l.unitPriceCents), cents(l.extAmountCents), null, null, null,
                    null, null, true, null, null, serial, h.cashier(), null);
        }

        /** The field a record carries after its own, blank as null; null when it has none. */
        private static String extra(List<String> f, int own) {
            return f.size() > own ? Values.blankToNull(f.get(own)) : null;
        }

        /** L and T records name only their transaction: they share the key of the H before them when it matches. */
        private String keyOf(String type, List<String> f) {
            if (type.equals("H")) {
                return f.size() > 4 ? String.join("\u001F", f.subList(1, 5)) : null;
            }
            return f.size() > 1 && f.get(1).trim().equals(currentTxn) ? currentKey : null;
        }

        private ParsedRow bad(String raw, String key, String reason) {
            return new ParsedRow(lineNo, raw, key, null, reason);
        }

        /** The record's own fields, and one more where the mapping names it ({@code extra}), which it may leave out. */
        private static void requireFields(List<String> f, List<String> columns, String extra) {
            if (f.size() == columns.size() || extra != null && f.size() == columns.size() + 1) {
                return;
            }
            throw new IllegalArgumentException(f.get(0) + " record: expected " + columns.size()
                    + (extra == null ? "" : " or " + (columns.size() + 1) + " (with " + extra + ")") + " fields, found " + f.size());
        }

        private static BigDecimal cents(Long cents) {
            return cents == null ? null : BigDecimal.valueOf(cents, 2);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
