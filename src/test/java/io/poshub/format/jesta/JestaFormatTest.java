package io.poshub.format.jesta;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.csv.CsvLimits;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.support.FormatTesting;
import java.nio.charset.Charset;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class JestaFormatTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final String HEADER = String.join(";", JestaFormat.HEADER) + "\r\n";
    private final JestaFormat format = new JestaFormat(new DefaultCamelContext(), CsvLimits.DEFAULT);

    @Test
    void amountsWithADecimalCommaAndNoBreakSpaceThousandsRead() {
        String text = HEADER
                + "0450;02;70100;02/11/2026;09:05;SALE;;(514) 555-0142;;SKU-1;Veste d’hiver;1;1\u00A0234,50;1\u00A0234,50;185,18;1\u00A0419,68;VISA\r\n"
                + "0450;02;70101;02/11/2026;10:05;RETURN;;+47 912 34 567;;SKU-2;Crème;-1;12,00;-12,00;-1,80;-13,80;VISA\r\n";
        List<ParsedRow> rows = FormatTesting.read(format, text.getBytes(CP1252), FormatTesting.shipped("jesta"));
        assertThat(rows).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
        PosRow sale = rows.get(0).row();
        assertThat(sale.lineNet()).isEqualByComparingTo("1234.50");
        assertThat(sale.ticketTotal()).isEqualByComparingTo("1419.68");
        assertThat(sale.description()).isEqualTo("Veste d’hiver");
        assertThat(sale.phone()).isEqualTo("(514) 555-0142");
        PosRow refund = rows.get(1).row();
        assertThat(refund.type()).isEqualTo(PosRow.RowType.RETURN);
        assertThat(refund.lineNet()).isEqualByComparingTo("-12.00");
        assertThat(refund.description()).isEqualTo("Crème");
    }

    @Test
    void anAmountThatIsNoNumberNamesItsColumn() {
        String text = HEADER + "0450;02;70100;02/11/2026;09:05;SALE;;;;SKU-1;X;1;12,00;douze;0,00;12,00;VISA\r\n";
        ParsedRow row = FormatTesting.read(format, text.getBytes(CP1252), FormatTesting.shipped("jesta")).get(0);
        assertThat(row.error()).isEqualTo("LineAmount (column 14) 'douze' is not an amount");
    }

    @Test
    void aVoidTicketIsReadAsVoid() {
        String text = HEADER + "0450;02;70004;02/11/2026;09:56;VOID;;;;SKU-1;X;2;19,99;39,98;6,00;45,98;MC\r\n";
        assertThat(FormatTesting.read(format, text.getBytes(CP1252), FormatTesting.shipped("jesta")).get(0).row().type())
                .isEqualTo(PosRow.RowType.VOID);
    }
}
