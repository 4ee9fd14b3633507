package io.poshub.format.ncr;

import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/** Bindy model of an NCR {@code L} record: one line of the transaction, signed quantity and amount in cents. */
// quote: see CounterpointRow — fields arrive split and unquoted; Bindy must not turn "" into " again.
@CsvRecord(separator = "\\|", quote = "\u0000")
public class NcrLine {

    @DataField(pos = 1, columnName = "record", required = true)
    String recordType;
    @DataField(pos = 2, columnName = "txn", required = true)
    String txn;
    @DataField(pos = 3, columnName = "seq")
    Integer seq;
    @DataField(pos = 4, columnName = "sku")
    String sku;
    @DataField(pos = 5, columnName = "description")
    String description;
    @DataField(pos = 6, columnName = "department")
    String department;
    @DataField(pos = 7, columnName = "qty", required = true)
    Long qty;
    @DataField(pos = 8, columnName = "unitPriceCents")
    Long unitPriceCents;
    @DataField(pos = 9, columnName = "extAmountCents", required = true)
    Long extAmountCents;
}
