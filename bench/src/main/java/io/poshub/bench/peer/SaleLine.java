package io.poshub.bench.peer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.springframework.batch.item.file.mapping.FieldSetMapper;
import org.springframework.batch.item.file.transform.FieldSet;

/** One line of a Counterpoint ticket-history file, as the peer's reader maps it (Spring Batch's {@link FieldSet}). */
record SaleLine(int lineNo, String store, String register, String ticket, LocalDate businessDate, LocalDateTime soldAt,
                String customer, String card, String email, String phone, Integer seq, String type, String sku,
                String description, String category, BigDecimal qtySold, BigDecimal qtyReturned, BigDecimal price,
                BigDecimal extPrice, BigDecimal tax, BigDecimal total, String tender, String origTicket) {

    static final String[] COLUMNS = {"STR_ID", "STA_ID", "TKT_NO", "BUS_DAT", "TKT_DT", "CUST_NO", "LOY_CARD_NO",
            "EMAIL_ADRS_1", "PHONE_1", "LIN_SEQ_NO", "LIN_TYP", "ITEM_NO", "DESCR", "CATEG_COD", "QTY_SOLD", "QTY_RET", "PRC",
            "EXT_PRC", "TAX_AMT", "TOT", "PAY_COD", "ORIG_TKT_NO"};

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The ticket a line belongs to. */
    String ticketKey() {
        return store + '\u001F' + register + '\u001F' + ticket + '\u001F' + businessDate;
    }

    /** A return line's quantity is the returned one, negative. */
    BigDecimal quantity() {
        return "R".equals(type) ? qtyReturned.negate() : qtySold;
    }

    /** Maps a tokenized line; {@code lineNo} is the file line (the header is line 1). */
    static FieldSetMapper<SaleLine> mapper(int[] lineNo) {
        return fields -> new SaleLine(++lineNo[0], fields.readString("STR_ID").trim(), fields.readString("STA_ID").trim(),
                fields.readString("TKT_NO").trim(), LocalDate.parse(fields.readString("BUS_DAT").trim()),
                LocalDateTime.parse(fields.readString("TKT_DT").trim(), TIME), blank(fields.readString("CUST_NO")),
                blank(fields.readString("LOY_CARD_NO")), blank(fields.readString("EMAIL_ADRS_1")), blank(fields.readString("PHONE_1")),
                fields.readString("LIN_SEQ_NO").isBlank() ? null : fields.readInt("LIN_SEQ_NO"), fields.readString("LIN_TYP").trim(),
                blank(fields.readString("ITEM_NO")), blank(fields.readRawString("DESCR")), blank(fields.readString("CATEG_COD")),
                fields.readBigDecimal("QTY_SOLD"), fields.readBigDecimal("QTY_RET"), fields.readBigDecimal("PRC"),
                fields.readBigDecimal("EXT_PRC"), fields.readBigDecimal("TAX_AMT"), fields.readBigDecimal("TOT"),
                blank(fields.readString("PAY_COD")), blank(fields.readString("ORIG_TKT_NO")));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
