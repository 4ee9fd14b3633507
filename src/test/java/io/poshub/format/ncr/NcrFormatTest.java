package io.poshub.format.ncr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poshub.csv.CsvLimits;
import io.poshub.format.ParsedRow;
import io.poshub.format.UnreadableFileException;
import io.poshub.support.FormatTesting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class NcrFormatTest {

    private static final String TICKET = """
            H|002|3|5001|20261102|090800|SALE|LKH7LXGSER|99583271||1500|11500
            L|5001|1|SKU-1005|Gift card|GIFTCARD|2|5000|10000
            T|5001|MC|11500|A475805
            """;
    private final NcrFormat format = new NcrFormat(new DefaultCamelContext(), CsvLimits.DEFAULT);

    @Test
    void aTicketIsItsHeaderLinesAndTendersUnderOneKey() {
        List<ParsedRow> rows = read(TICKET + "F|3|11500\n");
        assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
        assertThat(rows).extracting(ParsedRow::ticketKey).containsOnly(rows.get(0).ticketKey());
        assertThat(rows.get(1).row().lineNet()).isEqualByComparingTo("100.00");
        assertThat(rows.get(1).row().saleLine()).isTrue();
        assertThat(rows.get(0).row().saleLine()).isFalse();
        assertThat(rows.get(0).row().ticketTotal()).isEqualByComparingTo("115.00");
    }

    @Test
    void aFileCutShortHasNoTrailerAndCannotBeRead() {
        assertThatThrownBy(() -> read(TICKET)).isInstanceOf(UnreadableFileException.class).hasMessageContaining("no F trailer");
    }

    @Test
    void aTrailerThatDisagreesFailsTheFile() {
        assertThatThrownBy(() -> read(TICKET + "F|3|11600\n")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("says 3 records and 11600 in tenders, the file has 3 and 11500");
        assertThatThrownBy(() -> read(TICKET + "F|4|11500\n")).isInstanceOf(UnreadableFileException.class);
    }

    @Test
    void aLineOutsideItsTransactionIsABadRow() {
        List<ParsedRow> rows = read(TICKET + "L|5999|1|SKU-1|x|HOME|1|100|100\nF|4|11500\n");
        assertThat(rows.get(3).ok()).isFalse();
        assertThat(rows.get(3).error()).contains("does not follow its H record");
    }

    private List<ParsedRow> read(String text) {
        return FormatTesting.read(format, text.getBytes(StandardCharsets.UTF_8), FormatTesting.shipped("ncr"));
    }
}
