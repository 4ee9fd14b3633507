package io.poshub.bench;

import java.math.BigDecimal;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/** One CounterPoint line as the naive route's Bindy model (tutorial style: one model, one row at a time). */
@CsvRecord(separator = ",", quote = "\"")
public class NaiveLine {
    @DataField(pos = 1) private String store;
    @DataField(pos = 2) private String register;
    @DataField(pos = 3) private String ticket;
    @DataField(pos = 4) private String businessDate;
    @DataField(pos = 5) private String soldAt;
    @DataField(pos = 6) private String customer;
    @DataField(pos = 7) private String card;
    @DataField(pos = 8) private String email;
    @DataField(pos = 9) private String phone;
    @DataField(pos = 10) private int seq;
    @DataField(pos = 11) private String type;
    @DataField(pos = 12) private String sku;
    @DataField(pos = 13) private String description;
    @DataField(pos = 14) private String category;
    @DataField(pos = 15) private int qtySold;
    @DataField(pos = 16) private int qtyReturned;
    @DataField(pos = 17, precision = 2) private BigDecimal price;
    @DataField(pos = 18, precision = 2) private BigDecimal extPrice;
    @DataField(pos = 19, precision = 2) private BigDecimal tax;
    @DataField(pos = 20, precision = 2) private BigDecimal total;
    @DataField(pos = 21) private String tender;
    @DataField(pos = 22) private String origTicket;

    public String getStore() { return store; }
    public String getRegister() { return register; }
    public String getTicket() { return ticket; }
    public String getBusinessDate() { return businessDate; }
    public int getSeq() { return seq; }
    public String getSku() { return sku; }
    public String getDescription() { return description; }
    public String getCategory() { return category; }
    public int getQuantity() { return "R".equals(type) ? -qtyReturned : qtySold; }
    public BigDecimal getPrice() { return price; }
    public BigDecimal getExtPrice() { return extPrice; }
}
