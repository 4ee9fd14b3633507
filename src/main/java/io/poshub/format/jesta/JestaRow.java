package io.poshub.format.jesta;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * The Bindy model of one line of a Jesta Vision sales export (Windows-1252, {@code ;}). Amounts stay text
 * here: they use a decimal comma and a no-break space between thousands ({@code 1 234,50}), which the
 * format reads with the same {@code AmountFormat} generic mappings use.
 */
// quote: see CounterpointRow.
@CsvRecord(separator = ";", quote = "\u0000")
public class JestaRow {

    @DataField(pos = 1, columnName = "Store", required = true)
    String store;
    @DataField(pos = 2, columnName = "Register", required = true)
    String register;
    @DataField(pos = 3, columnName = "Transaction", required = true)
    String transaction;
    @DataField(pos = 4, columnName = "Date", required = true, pattern = "dd/MM/yyyy")
    LocalDate date;
    @DataField(pos = 5, columnName = "Time", required = true, pattern = "HH:mm")
    LocalTime time;
    @DataField(pos = 6, columnName = "Type", required = true)
    String type;
    @DataField(pos = 7, columnName = "LoyaltyCard")
    String loyaltyCard;
    @DataField(pos = 8, columnName = "Phone")
    String phone;
    @DataField(pos = 9, columnName = "Email")
    String email;
    @DataField(pos = 10, columnName = "SKU")
    String sku;
    @DataField(pos = 11, columnName = "Description")
    String description;
    @DataField(pos = 12, columnName = "Qty", required = true)
    String qty;
    @DataField(pos = 13, columnName = "UnitPrice")
    String unitPrice;
    @DataField(pos = 14, columnName = "LineAmount", required = true)
    String lineAmount;
    @DataField(pos = 15, columnName = "Tax")
    String tax;
    @DataField(pos = 16, columnName = "TicketTotal")
    String ticketTotal;
    @DataField(pos = 17, columnName = "Tender")
    String tender;
}
