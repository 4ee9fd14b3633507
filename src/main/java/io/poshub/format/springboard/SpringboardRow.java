package io.poshub.format.springboard;

import java.math.BigDecimal;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/** The Bindy model of one line of SpringBoard Retail's sales-history export (samples/README.md). */
// quote: see CounterpointRow.
@CsvRecord(separator = ",", quote = "\u0000")
public class SpringboardRow {

    @DataField(pos = 1, columnName = "ticket_number", required = true)
    String ticketNumber;
    @DataField(pos = 2, columnName = "customer_public_id")
    String customerPublicId;
    /** ISO-8601 with offset; parsed by the format, which keeps the till's own local date as business date. */
    @DataField(pos = 3, columnName = "local_completed_at", required = true)
    String localCompletedAt;
    @DataField(pos = 4, columnName = "sales_rep")
    String salesRep;
    @DataField(pos = 5, columnName = "location_public_id", required = true)
    String location;
    @DataField(pos = 6, columnName = "tax", required = true, precision = 2)
    BigDecimal tax;
    @DataField(pos = 7, columnName = "item_lookup")
    String itemLookup;
    @DataField(pos = 8, columnName = "original_price", precision = 2)
    BigDecimal originalPrice;
    @DataField(pos = 9, columnName = "unit_price", required = true, precision = 2)
    BigDecimal unitPrice;
    @DataField(pos = 10, columnName = "qty", required = true, precision = 3)
    BigDecimal qty;
}
