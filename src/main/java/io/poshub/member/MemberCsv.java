package io.poshub.member;

import io.poshub.csv.CsvLimits;
import io.poshub.csv.CsvRecordReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The member CSV of contract §11: a header row naming its columns in any order — {@code external_id} required, the
 * rest optional — then one member per record. A column the header does not name is left as it is on a member
 * that exists. An unknown or repeated column fails the whole file, naming it.
 */
final class MemberCsv {

    enum Column {
        EXTERNAL_ID, CARD_NUMBER, PHONE, EMAIL, FIRST_NAME, LAST_NAME, TIER, STATUS, MARKETING_CONSENT, RECEIPT_CONSENT;

        String header() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String COLUMNS = String.join(",", Arrays.stream(Column.values()).map(Column::header).toList());

    private final CsvRecordReader records;
    private final Map<Column, Integer> positions = new EnumMap<>(Column.class);
    private final int width;

    /** A record of the file: its line, raw text and fields in header order, or why it cannot be read. */
    record Record(int line, String raw, List<String> fields, String error) {
    }

    private MemberCsv(CsvRecordReader records, List<String> header) {
        this.records = records;
        this.width = header.size();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            Column column = Arrays.stream(Column.values()).filter(c -> c.header().equals(name)).findFirst()
                    .orElseThrow(() -> new MemberFileException("unknown column '" + name + "' in the member CSV header; "
                            + "the columns are " + COLUMNS));
            if (positions.put(column, i) != null) {
                throw new MemberFileException("column '" + name + "' appears twice in the member CSV header");
            }
        }
        if (!positions.containsKey(Column.EXTERNAL_ID)) {
            throw new MemberFileException("the member CSV header must name external_id; the columns are " + COLUMNS);
        }
    }

    /**
     * Reads the header.
     *
     * @throws MemberFileException when the file is empty or its header names an unknown column
     */
    static MemberCsv open(Reader in, CsvLimits limits) throws IOException {
        CsvRecordReader records = new CsvRecordReader(new BufferedReader(in, 1 << 16), ',', '"', limits);
        CsvRecordReader.CsvRecord header = records.next();
        if (header == null || !header.ok()) {
            throw new MemberFileException("the member CSV has no header row; the columns are " + COLUMNS);
        }
        return new MemberCsv(records, header.fields());
    }

    boolean has(Column column) {
        return positions.containsKey(column);
    }

    /** The value of a column in a record's fields, or null when the header does not name the column. */
    String value(Record record, Column column) {
        Integer at = positions.get(column);
        return at == null ? null : record.fields().get(at);
    }

    /** The next record, or null at the end; a record with the wrong number of fields comes with its error. */
    Record next() throws IOException {
        CsvRecordReader.CsvRecord r = records.next();
        if (r == null) {
            return null;
        }
        String error = !r.ok() ? r.error()
                : r.fields().size() != width ? "expected " + width + " fields, found " + r.fields().size() : null;
        return new Record(r.lineNo(), r.raw(), error == null ? r.fields() : List.of(), error);
    }
}
