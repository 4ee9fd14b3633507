package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    private static List<CsvRecordReader.CsvRecord> read(String text) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(text), ',', '"');
        List<CsvRecordReader.CsvRecord> records = new ArrayList<>();
        for (var r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }
}
