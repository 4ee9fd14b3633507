package io.poshub.format;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.springframework.modulith.NamedInterface;

/**
 * One data row of any POS format, in the hub's words. Ticket-level values (time, member keys, tax,
 * total, tender) repeat on every row of a ticket; the first row's are the ticket's.
 *
 * @param saleLine false for a row that carries only ticket data (NCR's H and T records): it counts as a
 *                 row but is no line of the sale
 * @param quantity signed: negative on a returned line
 * @param lineNet  signed line net, before tax
 * @param lineTax  the line's tax where the layout gives tax per line (summed into the ticket's), else null
 * @param ticketTax the ticket's tax where the layout gives it per ticket, else null
 * @param ticketTotal the ticket's total where the layout gives it, else null (net + tax)
 * @param tenderAmount what this row's tender paid, on a tender record (NCR's T); null where the layout names one
 *                     tender per ticket, which paid the ticket's total
 * @param tenderReference the tender record's reference (NCR's authRef): for a reward voucher taken as a tender, its code
 * @param serial   the number the line carries where the mapping names a column for it (a gift card's, contract §19), else null
 * @param cashier  who rang the ticket up, where the layout or the mapping names it, else null
 * @param discount what was taken off the line where the layout says it outright, else null (see {@link #lineDiscount()})
 */
@NamedInterface("api")
public record PosRow(
        String store,
        String register,
        String ticket,
        LocalDate businessDate,
        LocalDateTime soldAtLocal,
        RowType type,
        String card,
        String phone,
        String email,
        String externalId,
        Integer seq,
        String sku,
        String description,
        String category,
        BigDecimal quantity,
        BigDecimal unitPrice,
        BigDecimal lineNet,
        BigDecimal lineTax,
        BigDecimal ticketTax,
        BigDecimal ticketTotal,
        String tender,
        String origTicket,
        boolean saleLine,
        BigDecimal tenderAmount,
        String tenderReference,
        String serial,
        String cashier,
        BigDecimal discount) {

    /** A row without a number, a cashier or a discount of its own. */
    public PosRow(String store, String register, String ticket, LocalDate businessDate, LocalDateTime soldAtLocal, RowType type,
                  String card, String phone, String email, String externalId, Integer seq, String sku, String description,
                  String category, BigDecimal quantity, BigDecimal unitPrice, BigDecimal lineNet, BigDecimal lineTax,
                  BigDecimal ticketTax, BigDecimal ticketTotal, String tender, String origTicket, boolean saleLine,
                  BigDecimal tenderAmount, String tenderReference) {
        this(store, register, ticket, businessDate, soldAtLocal, type, card, phone, email, externalId, seq, sku, description,
                category, quantity, unitPrice, lineNet, lineTax, ticketTax, ticketTotal, tender, origTicket, saleLine, tenderAmount,
                tenderReference, null, null, null);
    }

    /** A row of a layout with one tender per ticket: no amount of its own. */
    public PosRow(String store, String register, String ticket, LocalDate businessDate, LocalDateTime soldAtLocal, RowType type,
                  String card, String phone, String email, String externalId, Integer seq, String sku, String description,
                  String category, BigDecimal quantity, BigDecimal unitPrice, BigDecimal lineNet, BigDecimal lineTax,
                  BigDecimal ticketTax, BigDecimal ticketTotal, String tender, String origTicket, boolean saleLine) {
        this(store, register, ticket, businessDate, soldAtLocal, type, card, phone, email, externalId, seq, sku, description,
                category, quantity, unitPrice, lineNet, lineTax, ticketTax, ticketTotal, tender, origTicket, saleLine, null, null);
    }

    /** This row with the values a mapping's own columns gave it (each null where none was named or it was blank). */
    public PosRow withNamed(String serial, String cashier, BigDecimal discount) {
        return new PosRow(store, register, ticket, businessDate, soldAtLocal, type, card, phone, email, externalId, seq, sku,
                description, category, quantity, unitPrice, lineNet, lineTax, ticketTax, ticketTotal, tender, origTicket, saleLine,
                tenderAmount, tenderReference, serial, cashier == null ? this.cashier : cashier,
                discount == null ? this.discount : discount);
    }

    /**
     * What was taken off a sale line: as the layout or mapping says it, else its price times its quantity less its net
     * (signed like the line; zero when sold at its price), else null where the layout gives no price.
     */
    public BigDecimal lineDiscount() {
        if (!saleLine) {
            return null;
        }
        if (discount != null) {
            return discount;
        }
        return unitPrice == null || quantity == null || lineNet == null ? null : unitPrice.multiply(quantity).subtract(lineNet);
    }

    /** SALE and RETURN rows make sales; a VOID ticket's rows are accepted but make no sale. */
    @NamedInterface("api")
    public enum RowType { SALE, RETURN, VOID }
}
