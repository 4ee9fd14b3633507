package io.poshub.format.ncr;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/** Bindy model of an NCR {@code H} record: one per transaction, first of its records. */
// quote: see CounterpointRow — fields arrive split and unquoted; Bindy must not turn "" into " again.
@CsvRecord(separator = "\\|", quote = "\u0000")
public class NcrHeader {

    @DataField(pos = 1, required = true)
    String recordType;
    @DataField(pos = 2, required = true)
    String store;
    @DataField(pos = 3, required = true)
    String register;
    @DataField(pos = 4, required = true)
    String txn;
    @DataField(pos = 5, required = true, pattern = "yyyyMMdd")
    LocalDate date;
    @DataField(pos = 6, required = true, pattern = "HHmmss")
    LocalTime time;
    @DataField(pos = 7, required = true)
    String type;
    @DataField(pos = 8)
    String loyaltyCard;
    @DataField(pos = 9)
    String phone;
    @DataField(pos = 10)
    String origTxn;
    @DataField(pos = 11, required = true)
    Long taxCents;
    @DataField(pos = 12, required = true)
    Long totalCents;
}
