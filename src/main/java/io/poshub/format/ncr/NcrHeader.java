package io.poshub.format.ncr;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/** Bindy model of an NCR {@code H} record: one per transaction, first of its records. */
// quote: see CounterpointRow — fields arrive split and unquoted; Bindy must not turn "" into " again.
@CsvRecord(separator = "\\|", quote = "\u0000")
public class NcrHeader {

    @DataField(pos = 1, columnName = "record", required = true)
    String recordType;
    @DataField(pos = 2, columnName = "store", required = true)
    String store;
    @DataField(pos = 3, columnName = "register", required = true)
    String register;
    @DataField(pos = 4, columnName = "txn", required = true)
    String txn;
    @DataField(pos = 5, columnName = "date", required = true, pattern = "yyyyMMdd")
    LocalDate date;
    @DataField(pos = 6, columnName = "time", required = true, pattern = "HHmmss")
    LocalTime time;
    @DataField(pos = 7, columnName = "type", required = true)
    String type;
    @DataField(pos = 8, columnName = "loyaltyCard")
    String loyaltyCard;
    @DataField(pos = 9, columnName = "phone")
    String phone;
    @DataField(pos = 10, columnName = "origTxn")
    String origTxn;
    @DataField(pos = 11, columnName = "taxCents", required = true)
    Long taxCents;
    @DataField(pos = 12, columnName = "totalCents", required = true)
    Long totalCents;
}
