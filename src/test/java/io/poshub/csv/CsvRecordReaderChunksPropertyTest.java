package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.util.unit.DataSize;

/**
 * A plain record (no quote, its line end in the buffer) is cut straight from the reader's buffer; every other one is
 * read character by character. Whatever the text, and however the input hands it over, the records are the same: the
 * text read in one piece equals the text read a character at a time (where nearly every record takes the slow road)
 * and in pieces of random sizes (records across the buffer's refills).
 */
class CsvRecordReaderChunksPropertyTest {

    @Property(tries = 300)
    void recordsAreTheSameHoweverTheTextArrives(@ForAll("csv") String text, @ForAll("pieces") List<Integer> pieces) throws IOException {
        for (CsvLimits limits : List.of(CsvLimits.DEFAULT, new CsvLimits(DataSize.ofKilobytes(1), 4))) {
            List<CsvRecordReader.CsvRecord> whole = read(new StringReader(text), limits);
            assertThat(read(new Pieces(text, List.of(1)), limits)).as("a character at a time").isEqualTo(whole);
            assertThat(read(new Pieces(text, pieces), limits)).as("in pieces of %s", pieces).isEqualTo(whole);
        }
    }

    @Provide
    Arbitrary<String> csv() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abé ;1.-").ofMaxLength(12),
                Arbitraries.strings().withChars("ab,\n\r\"x").ofMaxLength(8).map(s -> "\"" + s.replace("\"", "\"\"") + "\""),
                Arbitraries.strings().withChars("ab\"").ofMaxLength(4),
                Arbitraries.strings().withChars("x").ofMinLength(900).ofMaxLength(1100));
        Arbitrary<String> record = field.list().ofMinSize(1).ofMaxSize(7).map(fields -> String.join(",", fields));
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\r", "\n\n");
        return Arbitraries.lazy(() -> record).list().ofMinSize(1).ofMaxSize(40)
                .flatMap(records -> end.list().ofSize(records.size()).map(ends -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < records.size(); i++) {
                        text.append(records.get(i)).append(ends.get(i));
                    }
                    return text.toString();
                }))
                .flatMap(text -> Arbitraries.of(true, false).map(trailing -> trailing ? text : text.stripTrailing()));
    }

    @Provide
    Arbitrary<List<Integer>> pieces() {
        return Arbitraries.integers().between(1, 3000).list().ofMinSize(1).ofMaxSize(8);
    }

    private static List<CsvRecordReader.CsvRecord> read(Reader in, CsvLimits limits) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(in, ',', '"', limits);
        List<CsvRecordReader.CsvRecord> records = new ArrayList<>();
        for (var r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    /** A reader that hands the text over in pieces of the given sizes, in turn. */
    private static final class Pieces extends Reader {
        private final String text;
        private final List<Integer> sizes;
        private int at;
        private int turn;

        Pieces(String text, List<Integer> sizes) {
            this.text = text;
            this.sizes = sizes;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (at == text.length()) {
                return -1;
            }
            int n = Math.min(Math.min(length, sizes.get(turn++ % sizes.size())), text.length() - at);
            text.getChars(at, at + n, buffer, offset);
            at += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
