package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class CsvRecordReaderTest {

    @Test
    void quotedSeparatorsDoubledQuotesAndLineBreaksStayInTheirField() throws IOException {
        List<CsvRecordReader.CsvRecord> records = read("a,\"Crème, 50ml\",\"Mug \"\"Fjord\"\"\",\"two\nlines\",z\nnext,row\n");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).fields()).containsExactly("a", "Crème, 50ml", "Mug \"Fjord\"", "two\nlines", "z");
        assertThat(records.get(1).lineNo()).as("the quoted line break counts as a file line").isEqualTo(3);
        assertThat(records.get(1).fields()).containsExactly("next", "row");
    }

    @Test
    void crlfAndLfBothEndARecordAndBlankLinesAreSkipped() throws IOException {
        List<CsvRecordReader.CsvRecord> records = read("h1,h2\r\na,b\r\n\r\nc,d\ne,f");
        assertThat(records).extracting(CsvRecordReader.CsvRecord::fields)
                .containsExactly(List.of("h1", "h2"), List.of("a", "b"), List.of("c", "d"), List.of("e", "f"));
        assertThat(records).extracting(CsvRecordReader.CsvRecord::lineNo).containsExactly(1, 2, 4, 5);
        assertThat(records.get(1).raw()).isEqualTo("a,b");
    }

    /** A ticket's values repeat on each of its lines: held once, so a big file's chunks in flight stay small. */
    @Test
    void aFieldAsTheLineBeforeHasItIsThatVeryString() throws IOException {
        List<CsvRecordReader.CsvRecord> records = read("S1,T100,2026-11-02,9.90\nS1,T100,2026-11-02,19.90\nS1,T101,2026-11-03,19.90\n");
        List<String> first = records.get(0).fields();
        List<String> second = records.get(1).fields();
        List<String> third = records.get(2).fields();
        assertThat(second).containsExactly("S1", "T100", "2026-11-02", "19.90");
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(second.get(1)).isSameAs(first.get(1));
        assertThat(second.get(3)).isNotSameAs(first.get(3));
        assertThat(third).containsExactly("S1", "T101", "2026-11-03", "19.90");
        assertThat(third.get(1)).isNotSameAs(second.get(1));
        assertThat(third.get(3)).isSameAs(second.get(3));
    }

    @Test
    void emptyFieldsAreKept() throws IOException {
        assertThat(read("a,,\"\",b,\n").get(0).fields()).containsExactly("a", "", "", "b", "");
    }

    @Test
    void aQuoteLeftOpenAtTheEndIsAnErrorNotASilentMerge() throws IOException {
        List<CsvRecordReader.CsvRecord> records = read("ok,1\nbad,\"never closed\nmore");
        assertThat(records.get(0).ok()).isTrue();
        assertThat(records.get(1).ok()).isFalse();
        assertThat(records.get(1).error()).contains("unbalanced quote");
        assertThat(records.get(1).lineNo()).isEqualTo(2);
    }

    /** Contract §16: 512 fields are a row; 513 are a rejected row LINE_TOO_LONG, and the next record reads as ever. */
    @Test
    void moreThan512FieldsIsALineTooLongAndTheNextRecordReads() throws IOException {
        List<CsvRecordReader.CsvRecord> records = read("x" + ",x".repeat(511) + "\n" + "x" + ",x".repeat(512) + "\nnext,row\n");
        assertThat(records.get(0).fields()).hasSize(512);
        assertThat(records.get(1).ok()).isFalse();
        assertThat(records.get(1).error()).isEqualTo("LINE_TOO_LONG: 513 fields, more than 512");
        assertThat(records.get(1).raw()).hasSizeLessThan(300);
        assertThat(records.get(2).fields()).containsExactly("next", "row");
    }

    /**
     * A 50 MB line of separators with no newline (a million fields and more): one rejected record, its raw text cut to
     * 200 characters and its fields never gathered — read from a stream that never holds the 50 MB either.
     */
    @Test
    void aFiftyMegabyteLineOfSeparatorsIsOneRejectedRecordHeldInAFewHundredCharacters() throws IOException {
        long size = 50L * 1024 * 1024;
        Reader separators = new Reader() {
            private long left = size;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, ',');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        CsvRecordReader reader = new CsvRecordReader(separators, ',', '"', CsvLimits.DEFAULT);
        CsvRecordReader.CsvRecord record = reader.next();
        assertThat(record.ok()).isFalse();
        assertThat(record.error()).isEqualTo("LINE_TOO_LONG: line longer than 65536 characters");
        assertThat(record.raw()).hasSize(201);
        assertThat(record.fields()).isEmpty();
        assertThat(reader.next()).isNull();
    }

    /** The limits are the configuration's: at 2 KB and 4 fields a 2 049-character line and a 5-field line are rejected. */
    @Test
    void theLimitsAreTheConfiguredOnes() throws IOException {
        CsvLimits small = new CsvLimits(DataSize.ofKilobytes(2), 4);
        String text = "y".repeat(2048) + "\n" + "z".repeat(2049) + "\na,b,c,d\na,b,c,d,e\n";
        List<CsvRecordReader.CsvRecord> records = read(text, small);
        assertThat(records.get(0).ok()).isTrue();
        assertThat(records.get(1).error()).isEqualTo("LINE_TOO_LONG: line longer than 2048 characters");
        assertThat(records.get(2).fields()).containsExactly("a", "b", "c", "d");
        assertThat(records.get(3).error()).isEqualTo("LINE_TOO_LONG: 5 fields, more than 4");
        assertThat(records.get(3).lineNo()).isEqualTo(4);
    }

    /** poshub.csv.max-line and max-fields bind as the deployment page names them, and the contract's defaults hold without them. */
    @Test
    void theSettingsBindByTheirDocumentedNames() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("poshub.csv.max-line=128KB", "poshub.csv.max-fields=1000")
                .run(context -> assertThat(context.getBean(CsvLimits.class)).isEqualTo(new CsvLimits(DataSize.ofKilobytes(128), 1000)));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .run(context -> assertThat(context.getBean(CsvLimits.class)).isEqualTo(CsvLimits.DEFAULT));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("poshub.csv.max-line=10B")
                .run(context -> assertThat(context).hasFailed());
    }

    @EnableConfigurationProperties(CsvLimits.class)
    static class Settings {
    }

    private static List<CsvRecordReader.CsvRecord> read(String text) throws IOException {
        return read(text, CsvLimits.DEFAULT);
    }

    private static List<CsvRecordReader.CsvRecord> read(String text, CsvLimits limits) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(text), ',', '"', limits);
        List<CsvRecordReader.CsvRecord> records = new ArrayList<>();
        for (var r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }
}
