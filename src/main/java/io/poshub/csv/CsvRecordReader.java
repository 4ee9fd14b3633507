package io.poshub.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * Splits CSV text into records the way RFC 4180 reads them, before Bindy sees a field: separators and
 * line breaks inside quotes belong to the field, a doubled quote is one quote, CRLF and LF both end a
 * record. Bindy is line-based and would cut a quoted line break in two; this reader does not.
 */
@NamedInterface("api")
public final class CsvRecordReader {

    /** The reason of a record past the {@link CsvLimits}: a rejected row, and the file goes on with the next record. */
    static final String LINE_TOO_LONG = "LINE_TOO_LONG";

    private final Reader in;
    private final int maxChars;
    private final int maxFields;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final char separator;
    private final char quote;
    private int line = 1;
    private int pushedBack = -2;
    /** Fields of the last plain record: the next one's list is made this big. */
    private int lastFieldCount = 16;
    /** The fields of the last plain record (see {@link #field}). */
    private List<String> lastFields = List.of();

    public CsvRecordReader(Reader in, char separator, char quote, CsvLimits limits) {
        this.in = in;
        this.maxChars = limits.maxLineChars();
        this.maxFields = limits.maxFields();
        this.separator = separator;
        this.quote = quote;
    }

    /** One record: the file line it starts on, its raw text (capped), its fields, or why it is unreadable. */
    @NamedInterface("api")
    public record CsvRecord(int lineNo, String raw, List<String> fields, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The next record, or null at the end of the input. Blank lines are skipped. */
    public CsvRecord next() throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            if (c == '\r') {
                swallowLf();
                line++;
                continue;
            }
            unread(c);
            CsvRecord plain = plainRecord();
            return plain != null ? plain : readRecord();
        }
    }

    /**
     * The common record, read straight from the buffer: no quote in it, its line end in the buffer, within the limits.
     * Its text is copied once and its fields cut from that; any other record (null here) goes through
     * {@link #readRecord()}, character by character.
     */
    private CsvRecord plainRecord() throws IOException {
        if (pushedBack == quote) {
            return null;
        }
        // The first character was read to look at it: it is still in the buffer, one back.
        int start = position - 1;
        int end = lineEnd(start);
        if (end == -1 && start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            position = 1;
            start = 0;
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read > 0) {
                limit += read;
            }
            end = lineEnd(start);
        }
        if (end < 0) {
            return null;
        }
        pushedBack = -2;
        String raw = new String(buffer, start, end - start);
        // Sized as the record before: a file's records have the same fields, and the list is not grown line after line.
        List<String> fields = new ArrayList<>(lastFieldCount);
        int from = 0;
        for (int at = raw.indexOf(separator); at >= 0; at = raw.indexOf(separator, from)) {
            fields.add(field(raw, from, at, fields.size()));
            from = at + 1;
        }
        fields.add(field(raw, from, raw.length(), fields.size()));
        lastFieldCount = fields.size();
        lastFields = fields;
        int startLine = line;
        position = end + 1;
        if (buffer[end] == '\r') {
            swallowLf();
        }
        line++;
        return fields.size() > maxFields ? tooManyFields(startLine, raw, fields.size()) : new CsvRecord(startLine, raw, fields, null);
    }

    /**
     * The field of {@code raw} from {@code from} to {@code to}, the {@code index}th of its record: the very string of the last
     * plain record's same field when the text is the same. A ticket's store, register, number, times, member and tender
     * repeat on each of its lines, so a ticket holds one copy of each, not one per line, and what reads a field can tell
     * a repeat by identity.
     */
    private String field(String raw, int from, int to, int index) {
        if (index < lastFields.size()) {
            String last = lastFields.get(index);
            if (last.length() == to - from && raw.regionMatches(from, last, 0, to - from)) {
                return last;
            }
        }
        return raw.substring(from, to);
    }

    /** A record of more fields than {@code poshub.csv.max-fields}: LINE_TOO_LONG, its text cut to 200 characters. */
    private CsvRecord tooManyFields(int startLine, String raw, int count) {
        return new CsvRecord(startLine, raw.length() > 200 ? raw.substring(0, 200) + "…" : raw, List.of(),
                LINE_TOO_LONG + ": " + count + " fields, more than " + maxFields);
    }

    /** Where the record from {@code start} ends in the buffer (its CR or LF); -1 when not in it, -2 when not plain. */
    private int lineEnd(int start) {
        int stop = Math.min(limit, start + maxChars + 1);
        for (int i = start; i < stop; i++) {
            char c = buffer[i];
            if (c == '\n' || c == '\r') {
                return i;
            }
            if (c == quote) {
                return -2;
            }
        }
        return stop < limit ? -2 : -1;
    }

    private CsvRecord readRecord() throws IOException {
        int startLine = line;
        StringBuilder raw = new StringBuilder();
        StringBuilder field = new StringBuilder();
        List<String> fields = new ArrayList<>();
        boolean inQuotes = false;
        boolean tooLong = false;
        while (true) {
            int c = read();
            if (c == -1) {
                if (inQuotes) {
                    return new CsvRecord(startLine, raw.toString(), List.of(), "unbalanced quote: the file ends inside a quoted field");
                }
                break;
            }
            boolean ends = !inQuotes && (c == '\n' || c == '\r');
            if (!tooLong && !ends) {
                if (raw.length() == maxChars) {
                    tooLong = true;
                    raw.setLength(200);
                    field.setLength(0);
                } else {
                    raw.append((char) c);
                }
            }
            if (inQuotes) {
                if (c == quote) {
                    int d = read();
                    if (d == quote) {
                        if (!tooLong) {
                            raw.append((char) d);
                            field.append(quote);
                        }
                    } else {
                        inQuotes = false;
                        unread(d);
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    } else if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            line++;
                        }
                        unread(d);
                    }
                    if (!tooLong) {
                        field.append((char) c);
                    }
                }
            } else if (c == quote && field.isEmpty()) {
                inQuotes = true;
            } else if (c == separator) {
                if (!tooLong) {
                    fields.add(field.toString());
                    field.setLength(0);
                }
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    swallowLf();
                }
                line++;
                break;
            } else if (!tooLong) {
                field.append((char) c);
            }
        }
        if (tooLong) {
            return new CsvRecord(startLine, raw + "…", List.of(), LINE_TOO_LONG + ": line longer than " + maxChars + " characters");
        }
        fields.add(field.toString());
        String text = raw.toString();
        return fields.size() > maxFields ? tooManyFields(startLine, text, fields.size()) : new CsvRecord(startLine, text, fields, null);
    }

    private void swallowLf() throws IOException {
        int d = read();
        if (d != '\n') {
            unread(d);
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        // Its own buffer: a Reader's read() of one char takes a lock each time, which costs more than the parsing.
        while (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit < 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
