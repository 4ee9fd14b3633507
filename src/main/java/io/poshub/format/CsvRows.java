package io.poshub.format;

import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.CsvRecordReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The reading every CSV layout shares: decoding (a UTF-8 BOM is skipped; bytes the charset cannot
 * decode reject their row), the header check, RFC 4180 record splitting, the field count, and the
 * ticket key taken from the identity columns before the row is bound — so a row that fails to bind
 * still takes its ticket down with it.
 */
public final class CsvRows implements RowReader {

    /** Binds a split record to a row, or throws IllegalArgumentException with the reason. */
    @FunctionalInterface
    public interface RowBinder {
        PosRow bind(List<String> fields, int lineNo);
    }

    /** Looks at the header (null when the layout has none) and says how the rows are read, or refuses the file. */
    @FunctionalInterface
    public interface HeaderCheck {
        Spec spec(List<String> header) throws UnreadableFileException;
    }

    /**
     * How rows are read: how many fields a row has (a negative count: at least that many), which columns name its ticket, a step that may fill
     * fields in before keying (carried-down order columns), and the binder.
     */
    public record Spec(int fieldCount, int[] identityColumns, UnaryOperator<List<String>> prepare, RowBinder binder) {
    }

    private final BufferedReader reader;
    private final CsvRecordReader records;
    private final Spec spec;
    private CsvRecordReader.CsvRecord pending;
    /**
     * The key made last and the identity fields it was made of: a ticket's lines repeat them as the very same strings
     * ({@link CsvRecordReader}), and share one key.
     */
    private String lastKey;
    private String[] lastIdentity = new String[0];

    private CsvRows(BufferedReader reader, CsvRecordReader records, Spec spec, CsvRecordReader.CsvRecord pending) {
        this.reader = reader;
        this.records = records;
        this.spec = spec;
        this.pending = pending;
    }

    /**
     * A layout whose header must be exactly {@code header}, followed by none, some or all of {@code extra} (the columns a
     * mapping names beyond the layout's; null entries ignored) in any order.
     */
    public static HeaderCheck layoutHeader(List<String> header, List<String> extra, char separator, int[] identityColumns,
                                           RowBinder binder) {
        return found -> {
            boolean ok = found.size() >= header.size() && header.equals(found.subList(0, header.size()))
                    && found.subList(header.size(), found.size()).stream().allMatch(c -> extra.contains(c) && !header.contains(c))
                    && found.stream().distinct().count() == found.size();
            if (!ok) {
                throw new UnreadableFileException("line 1: the header is not " + String.join(String.valueOf(separator), header)
                        + (extra.stream().anyMatch(java.util.Objects::nonNull) ? " (and the columns the mapping names)" : "")
                        + " (found " + printable(abbreviate(String.join(String.valueOf(separator), found), 300)) + ")");
            }
            return new Spec(found.size(), identityColumns, UnaryOperator.identity(), binder);
        };
    }

    public static CsvRows open(ByteSource content, Charset charset, char separator, char quote, boolean hasHeader,
                               HeaderCheck check, CsvLimits limits) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(skipBom(content.open()), charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
            CsvRecordReader records = new CsvRecordReader(reader, separator, quote, limits);
            CsvRecordReader.CsvRecord first = records.next();
            if (!hasHeader) {
                return new CsvRows(reader, records, check.spec(null), first);
            }
            if (first == null) {
                reader.close();
                throw new UnreadableFileException("the file is empty: it has no header line");
            }
            try {
                return new CsvRows(reader, records, check.spec(first.fields().stream().map(String::trim).toList()), null);
            } catch (UnreadableFileException e) {
                reader.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read: " + e.getMessage());
        }
    }

    @Override
    public ParsedRow next() throws IOException {
        CsvRecordReader.CsvRecord record = pending != null ? pending : records.next();
        pending = null;
        if (record == null) {
            return null;
        }
        List<String> fields = record.ok() && fitsCount(record.fields())
                ? spec.prepare().apply(record.fields()) : record.fields();
        String key = ticketKey(fields);
        if (!record.ok()) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, record.error());
        }
        if (record.raw().indexOf('\uFFFD') >= 0) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, "bytes that are not valid in the mapping's charset");
        }
        if (!fitsCount(fields)) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, (spec.fieldCount() < 0 ? "expected at least "
                    + -spec.fieldCount() : "expected " + spec.fieldCount()) + " fields, found " + fields.size());
        }
        try {
            return new ParsedRow(record.lineNo(), record.raw(), key, spec.binder().bind(fields, record.lineNo()), null);
        } catch (IllegalArgumentException e) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, e.getMessage());
        }
    }

    private boolean fitsCount(List<String> fields) {
        return spec.fieldCount() < 0 ? fields.size() >= -spec.fieldCount() : fields.size() == spec.fieldCount();
    }

    private String ticketKey(List<String> fields) {
        int[] columns = spec.identityColumns();
        if (lastKey != null && sameIdentity(fields, columns)) {
            return lastKey;
        }
        StringBuilder key = new StringBuilder();
        for (int column : columns) {
            if (column >= fields.size()) {
                return null;
            }
            key.append(fields.get(column).trim()).append('\u001F');
        }
        if (lastIdentity.length != columns.length) {
            lastIdentity = new String[columns.length];
        }
        for (int i = 0; i < columns.length; i++) {
            lastIdentity[i] = fields.get(columns[i]);
        }
        lastKey = key.toString();
        return lastKey;
    }

    /** Whether the row's identity columns are the very strings of the row before's (a ticket's next line). */
    private boolean sameIdentity(List<String> fields, int[] columns) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] >= fields.size() || fields.get(columns[i]) != lastIdentity[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (!bom && head.length > 0) {
            pushback.unread(head);
        }
        return pushback;
    }

    /** What a binary or mis-encoded header showed, with control characters as '?', safe for logs and the API. */
    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) || c == 0xFFFD ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
