package io.poshub.dayclose;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * The Bindy model of one Z-report row (samples/README.md, "zreport"): one tender of one register-day, the day's
 * fields repeated on every row. Amounts are read at two decimals; a value with more is refused, never rounded.
 */
// Fields arrive split and unquoted by CsvRecordReader; Bindy must not unquote them again (see CounterpointRow).
@CsvRecord(separator = ",", quote = "\u0000")
public class ZReportRow {

    @DataField(pos = 1, columnName = "STORE", required = true)
    String store;
    @DataField(pos = 2, columnName = "REGISTER", required = true)
    String register;
    @DataField(pos = 3, columnName = "BUSINESS_DATE", required = true, pattern = "yyyy-MM-dd")
    LocalDate businessDate;
    @DataField(pos = 4, columnName = "Z_NO", required = true)
    String zNo;
    @DataField(pos = 5, columnName = "FIRST_TICKET", required = true)
    String firstTicket;
    @DataField(pos = 6, columnName = "LAST_TICKET", required = true)
    String lastTicket;
    @DataField(pos = 7, columnName = "TICKET_COUNT", required = true)
    Integer ticketCount;
    @DataField(pos = 8, columnName = "TENDER", required = true)
    String tender;
    @DataField(pos = 9, columnName = "TENDER_COUNT", required = true)
    Integer tenderCount;
    @DataField(pos = 10, columnName = "TENDER_AMOUNT", required = true, precision = 2)
    BigDecimal tenderAmount;
}
