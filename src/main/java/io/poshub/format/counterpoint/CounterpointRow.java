package io.poshub.format.counterpoint;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * The Bindy model of one NCR Counterpoint ticket-history line (samples/README.md). Amounts are
 * read at two decimals and quantities at three; a value with more decimals is refused, never rounded.
 */
// CsvRecordReader splits and unquotes the record; with quote = "\"" Bindy would turn a "" left in a value into " (a
// second unescaping), so its quote is a character that never needs unescaping.
@CsvRecord(separator = ",", quote = "\u0000")
public class CounterpointRow {

    @DataField(pos = 1, columnName = "STR_ID", required = true)
    String store;
    @DataField(pos = 2, columnName = "STA_ID", required = true)
    String register;
    @DataField(pos = 3, columnName = "TKT_NO", required = true)
    String ticket;
    @DataField(pos = 4, columnName = "BUS_DAT", required = true, pattern = "yyyy-MM-dd")
    LocalDate businessDate;
    @DataField(pos = 5, columnName = "TKT_DT", required = true, pattern = "yyyy-MM-dd HH:mm:ss")
    LocalDateTime ticketTime;
    @DataField(pos = 6, columnName = "CUST_NO")
    String customerNo;
    @DataField(pos = 7, columnName = "LOY_CARD_NO")
    String loyaltyCard;
    @DataField(pos = 8, columnName = "EMAIL_ADRS_1")
    String email;
    @DataField(pos = 9, columnName = "PHONE_1")
    String phone;
    @DataField(pos = 10, columnName = "LIN_SEQ_NO")
    Integer lineSeq;
    @DataField(pos = 11, columnName = "LIN_TYP", required = true)
    String lineType;
    @DataField(pos = 12, columnName = "ITEM_NO")
    String itemNo;
    @DataField(pos = 13, columnName = "DESCR")
    String description;
    @DataField(pos = 14, columnName = "CATEG_COD")
    String category;
    @DataField(pos = 15, columnName = "QTY_SOLD", required = true, precision = 3)
    BigDecimal qtySold;
    @DataField(pos = 16, columnName = "QTY_RET", required = true, precision = 3)
    BigDecimal qtyReturned;
    @DataField(pos = 17, columnName = "PRC", precision = 2)
    BigDecimal price;
    @DataField(pos = 18, columnName = "EXT_PRC", required = true, precision = 2)
    BigDecimal extPrice;
    @DataField(pos = 19, columnName = "TAX_AMT", required = true, precision = 2)
    BigDecimal taxAmount;
    @DataField(pos = 20, columnName = "TOT", required = true, precision = 2)
    BigDecimal total;
    @DataField(pos = 21, columnName = "PAY_COD")
    String payCode;
    @DataField(pos = 22, columnName = "ORIG_TKT_NO")
    String origTicket;
}
