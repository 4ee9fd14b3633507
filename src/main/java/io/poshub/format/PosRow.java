package io.poshub.format;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One data row of any POS format, in the hub's words. Ticket-level values (time, member keys, tax,
 * total, tender) repeat on every row of a ticket; the first row's are the ticket's.
 *
 * @param quantity signed: negative on a returned line
 * @param lineNet  signed line net, before tax
 */
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
        BigDecimal ticketTax,
        BigDecimal ticketTotal,
        String tender,
        String origTicket) {

    /** SALE and RETURN rows make sales; a VOID ticket's rows are accepted but make no sale. */
    public enum RowType { SALE, RETURN, VOID }
}
