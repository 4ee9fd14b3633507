package io.poshub.support;

import java.util.List;

/** CounterPoint files made up for a test: two lines per ticket, each ticket a member's card in turn. */
public final class TicketFiles {

    public static final String HEADER = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,"
            + "LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO\n";

    private TicketFiles() {
    }

    /** {@code tickets} tickets of register {@code register}, numbered from {@code first}, 20.00 + 5.00 each. */
    public static String counterpoint(int tickets, String register, int first, List<String> cards) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < tickets; i++) {
            csv.append(line(register, first + i, cards.get(i % cards.size()), 1, "SKU-1001", "Wool sweater", "20.00"));
            csv.append(line(register, first + i, cards.get(i % cards.size()), 2, "SKU-1003", "Running socks", "5.00"));
        }
        return csv.toString();
    }

    /** One sale line of a ticket (tax 3.25, total 28.25) at 2026-11-02 10:00. */
    public static String line(String register, int ticket, String card, int seq, String sku, String description, String amount) {
        return String.join(",", "001", register, String.valueOf(ticket), "2026-11-02", "2026-11-02 10:00:00", "", card, "", "",
                String.valueOf(seq), "S", sku, description, "APPAREL", "1", "0", amount, amount, "3.25", "28.25", "VISA", "") + "\n";
    }
}
