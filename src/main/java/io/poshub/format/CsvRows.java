package io.poshub.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;

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

    private final BufferedReader reader;
    private final CsvRecordReader records;
    private final int fieldCount;
    private final int[] identityColumns;
    private final RowBinder binder;

    private CsvRows(BufferedReader reader, char separator, int fieldCount, int[] identityColumns, RowBinder binder) {
        this.reader = reader;
        this.records = new CsvRecordReader(reader, separator, '"');
        this.fieldCount = fieldCount;
        this.identityColumns = identityColumns;
        this.binder = binder;
    }

    /**
     * @param header          the exact column names of the header row
     * @param identityColumns indices of the columns that name a ticket (store, register, ticket, date)
     */
    public static CsvRows open(InputStream in, Charset charset, char separator, List<String> header,
                               int[] identityColumns, RowBinder binder) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(skipBom(in), charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
            CsvRows rows = new CsvRows(reader, separator, header.size(), identityColumns, binder);
            CsvRecordReader.CsvRecord first = rows.records.next();
            if (first == null) {
                throw new UnreadableFileException("the file is empty: expected the header " + String.join(String.valueOf(separator), header));
            }
            List<String> found = first.fields().stream().map(String::trim).toList();
            if (!found.equals(header)) {
                throw new UnreadableFileException("line " + first.lineNo() + ": the header is not "
                        + String.join(String.valueOf(separator), header) + " (found "
                        + abbreviate(first.raw(), 300) + ")");
            }
            return rows;
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read: " + e.getMessage());
        }
    }

    @Override
    public ParsedRow next() throws IOException {
        CsvRecordReader.CsvRecord record = records.next();
        if (record == null) {
            return null;
        }
        String key = ticketKey(record.fields());
        if (!record.ok()) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, record.error());
        }
        if (record.raw().indexOf('\uFFFD') >= 0) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, "bytes that are not valid in the mapping's charset");
        }
        if (record.fields().size() != fieldCount) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null,
                    "expected " + fieldCount + " fields, found " + record.fields().size());
        }
        try {
            return new ParsedRow(record.lineNo(), record.raw(), key, binder.bind(record.fields(), record.lineNo()), null);
        } catch (IllegalArgumentException e) {
            return new ParsedRow(record.lineNo(), record.raw(), key, null, e.getMessage());
        }
    }

    private String ticketKey(List<String> fields) {
        StringBuilder key = new StringBuilder();
        for (int column : identityColumns) {
            if (column >= fields.size()) {
                return null;
            }
            key.append(fields.get(column).trim()).append('\u001F');
        }
        return key.toString();
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

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
