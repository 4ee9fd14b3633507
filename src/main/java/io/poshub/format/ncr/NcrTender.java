package io.poshub.format.ncr;

import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/** Bindy model of an NCR {@code T} record: a tender of the transaction. */
// quote: see CounterpointRow — fields arrive split and unquoted; Bindy must not turn "" into " again.
@CsvRecord(separator = "\\|", quote = "\u0000")
public class NcrTender {

    @DataField(pos = 1, columnName = "record", required = true)
    String recordType;
    @DataField(pos = 2, columnName = "txn", required = true)
    String txn;
    @DataField(pos = 3, columnName = "tender")
    String tender;
    @DataField(pos = 4, columnName = "amountCents", required = true)
    Long amountCents;
    @DataField(pos = 5, columnName = "authRef")
    String authRef;
}
