package io.poshub.format.counterpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poshub.csv.CsvLimits;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.format.RowReader;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.EarnRules;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MemberKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class CounterpointFormatTest {

    private static final String HEADER = String.join(",", CounterpointFormat.HEADER);
    private static final String LINE = "001,1,1001,2026-11-02,2026-11-02 09:03:00,C10042,BUQSN9P2NP,a@example.org,+15145557385,1,S,SKU-1,%s,GIFTCARD,%s,0,50.00,%s,11.18,85.68,VIPPS,";
    private static final Mapping MAPPING = new Mapping("counterpoint", "counterpoint", "demo", "CAD", ZoneId.of("America/Toronto"),
            "CA", List.of(MemberKey.CARD), Mapping.UnknownMemberPolicy.PARK, EarnRules.DEFAULT, io.poshub.mapping.PointsLife.DEFAULT, null, Set.of("VIPPS"),
            Set.of("GIFTCARD"), Set.of("POINTS"), Set.of("VOUCHER"), new java.math.BigDecimal("0.01"), null, false, null, null,
            Mapping.DEFAULT_CASH_TENDERS, Mapping.DEFAULT_CARD_TENDERS, java.util.Map.of());

    private final CounterpointFormat format = new CounterpointFormat(new DefaultCamelContext(), CsvLimits.DEFAULT);

    @Test
    void quotedDescriptionKeepsCommasQuotesAndLineBreaks() throws IOException {
        List<ParsedRow> rows = read(HEADER + "\n" + LINE.formatted("\"Mug \"\"Fjord\"\", 2\nlines\"", "1", "50.00") + "\n");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.row().description()).isEqualTo("Mug \"Fjord\", 2\nlines");
            assertThat(r.row().lineNet()).isEqualByComparingTo("50.00");
            assertThat(r.row().type()).isEqualTo(PosRow.RowType.SALE);
        });
    }

    @Test
    void bomAndCrlfAreReadLikePlainLf() throws IOException {
        String text = "\uFEFF" + HEADER + "\r\n" + LINE.formatted("Gift card", "1", "50.00") + "\r\n";
        assertThat(read(text)).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
    }

    @Test
    void aQuantityThatIsNoNumberNamesItsColumnAndValue() throws IOException {
        ParsedRow row = read(HEADER + "\n" + LINE.formatted("x", "two", "50.00")).get(0);
        assertThat(row.ok()).isFalse();
        assertThat(row.error()).startsWith("QTY_SOLD (column 15) 'two' is not a number");
        assertThat(row.ticketKey()).as("the ticket is still known, so it can be rejected whole").isNotNull();
    }

    @Test
    void anAmountWithMoreThanTwoDecimalsIsRefusedNotRounded() throws IOException {
        assertThat(read(HEADER + "\n" + LINE.formatted("x", "1", "50.005")).get(0).error()).startsWith("EXT_PRC (column 18)");
    }

    @Test
    void aRowWithTooFewFieldsIsRejected() throws IOException {
        assertThat(read(HEADER + "\n001,1,1001\n").get(0).error()).isEqualTo("expected 22 fields, found 3");
    }

    @Test
    void aReturnLineHasANegativeQuantity() throws IOException {
        String line = LINE.formatted("x", "0", "-49.00").replace(",S,", ",R,").replace(",0,50.00,", ",2,24.50,");
        PosRow row = read(HEADER + "\n" + line).get(0).row();
        assertThat(row.type()).isEqualTo(PosRow.RowType.RETURN);
        assertThat(row.quantity()).isEqualByComparingTo(new BigDecimal("-2"));
    }

    @Test
    void bytesThatAreNotUtf8RejectTheirRowWithAReason() throws IOException {
        byte[] good = (HEADER + "\n" + LINE.formatted("ok", "1", "50.00") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = LINE.formatted("Cr\u00e8me", "1", "50.00").getBytes(java.nio.charset.Charset.forName("windows-1252"));
        byte[] content = java.util.Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        List<ParsedRow> rows = new ArrayList<>();
        try (RowReader reader = format.open(() -> new ByteArrayInputStream(content), MAPPING)) {
            for (ParsedRow r = reader.next(); r != null; r = reader.next()) {
                rows.add(r);
            }
        }
        assertThat(rows.get(0).ok()).isTrue();
        assertThat(rows.get(1).error()).isEqualTo("bytes that are not valid in the mapping's charset");
        assertThat(rows.get(1).ticketKey()).isNotNull();
    }

    @Test
    void aWrongHeaderOrAnEmptyFileCannotBeRead() {
        assertThatThrownBy(() -> read("STORE,REGISTER\n1,2\n")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("the header is not STR_ID,STA_ID");
        assertThatThrownBy(() -> read("")).isInstanceOf(UnreadableFileException.class).hasMessageContaining("empty");
    }

    private List<ParsedRow> read(String text) throws IOException {
        List<ParsedRow> rows = new ArrayList<>();
        try (RowReader reader = format.open(() -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), MAPPING)) {
            for (ParsedRow r = reader.next(); r != null; r = reader.next()) {
                rows.add(r);
            }
        }
        return rows;
    }
}
