package io.poshub.dayclose;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * The Bindy model of one card terminal settlement row (samples/README.md, "terminal"): what one terminal of a store
 * settled for one card scheme on one business day. The amount is read at two decimals; a value with more is refused.
 */
// Fields arrive split and unquoted by CsvRecordReader; Bindy must not unquote them again (see CounterpointRow).
@CsvRecord(separator = ",", quote = "\u0000")
public class TerminalRow {

    @DataField(pos = 1, columnName = "STORE", required = true)
    String store;
    @DataField(pos = 2, columnName = "TERMINAL", required = true)
    String terminal;
    @DataField(pos = 3, columnName = "BUSINESS_DATE", required = true, pattern = "yyyy-MM-dd")
    LocalDate businessDate;
    @DataField(pos = 4, columnName = "SCHEME", required = true)
    String scheme;
    @DataField(pos = 5, columnName = "COUNT", required = true)
    Integer count;
    @DataField(pos = 6, columnName = "AMOUNT", required = true, precision = 2)
    BigDecimal amount;
}
