package io.poshub.format.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poshub.csv.CsvLimits;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.MappingRepository;
import io.poshub.support.FormatTesting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericFormatTest {

    private static final String SHOPIFY_HEADER = "Name,Email,Financial Status,Paid at,Currency,Subtotal,Taxes,Total,Created at,"
            + "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Refunded Amount,Location,Device ID,Id,Phone,Receipt Number\n";
    private final GenericFormat format = new GenericFormat(CsvLimits.DEFAULT);

    @Test
    void aShopifyRefundWithPositiveQuantitiesIsAReturnAndOrderColumnsCarryDown() {
        String text = SHOPIFY_HEADER
                + "#1500,ole@example.org,refunded,2026-11-02 09:04:00 -0500,CAD,-219.99,-33.00,-252.99,2026-11-02 09:04:00 -0500,1,"
                + "Scented candle,19.99,SKU-1008,252.99,Store Montreal,D1,5001500,+15145555985,R1500\n"
                + "#1500,,,,,,,,,2,\"Gift card, \"\"big\"\"\nbox\",50.00,SKU-1005,,Store Montreal,D1,5001500,,\n";
        List<ParsedRow> rows = FormatTesting.read(format, text.getBytes(StandardCharsets.UTF_8), FormatTesting.shipped("shopify"));
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
        PosRow second = rows.get(1).row();
        assertThat(second.type()).isEqualTo(PosRow.RowType.RETURN);
        assertThat(second.quantity()).isEqualByComparingTo("-2");
        assertThat(second.lineNet()).isEqualByComparingTo("-100.00");
        assertThat(second.email()).as("carried down from the order's first row").isEqualTo("ole@example.org");
        assertThat(second.businessDate()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(second.description()).isEqualTo("Gift card, \"big\"\nbox");
        assertThat(rows.get(0).ticketKey()).isEqualTo(rows.get(1).ticketKey());
    }

    @Test
    void aSquareRefundIsAReturnWithNegativeAmounts() {
        String text = "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,Discounts,Net Sales,"
                + "Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,Location,Dining Option,Customer ID,Customer Name,"
                + "Customer Reference ID,Unit,Count,Itemization Type,Fulfillment Note,Channel,Token\r\n"
                + "2026-11-02,10:49:00,Eastern Time (US & Canada),Apparel,Socks 3-pack,-1,Regular,SKU-1007,,-$15.90,$0.00,-$15.90,"
                + "-$2.39,T000306sq,P306x,Register 2,,,Refund,Store Toronto,,SQ306,Sofía Olsen,C10045,ea,1,Physical Item,,Point of Sale,tok306\r\n";
        PosRow row = FormatTesting.read(format, text.getBytes(StandardCharsets.UTF_8), FormatTesting.shipped("square")).get(0).row();
        assertThat(row.type()).isEqualTo(PosRow.RowType.RETURN);
        assertThat(row.lineNet()).isEqualByComparingTo("-15.90");
        assertThat(row.lineTax()).isEqualByComparingTo("-2.39");
        assertThat(row.externalId()).isEqualTo("C10045");
        assertThat(row.store()).isEqualTo("Store Toronto");
    }

    @Test
    void aColumnTheMappingNamesButTheHeaderLacksFailsTheFile() {
        assertThatThrownBy(() -> FormatTesting.read(format, "Date,Time\n2026-11-02,10:00:00\n".getBytes(StandardCharsets.UTF_8),
                FormatTesting.shipped("square"))).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("the header has no column '").hasMessageContaining("named by the mapping's columns.");
    }

    /** README's "Write a mapping" example for a layout no shipped mapping covers: tab-separated, dd.MM.yyyy, minor units. */
    @Test
    void aTabSeparatedExportWithMinorUnitsAndNoHeaderReads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kassa.yaml"), FormatTesting.TAB_MAPPING);
        var mapping = new MappingRepository(FormatTesting.properties(dir)).get("kassa");
        String text = "12\t1\t900\t02.11.2026\t14.05\t\t912 34 567\tSKU-1\t2\t24990\n"
                + "12\t1\t901\t02.11.2026\t14.10\t\t\tSKU-2\t-1\t-4990\n";
        List<ParsedRow> rows = FormatTesting.read(format, text.getBytes(StandardCharsets.UTF_8), mapping);
        assertThat(rows).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
        assertThat(rows.get(0).row().lineNet()).isEqualByComparingTo("249.90");
        assertThat(rows.get(0).row().phone()).isEqualTo("912 34 567");
        assertThat(rows.get(1).row().type()).isEqualTo(PosRow.RowType.RETURN);
    }
}
