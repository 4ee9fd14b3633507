package io.poshub.sale;

import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.giftcard.GiftCardsSold;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Vouchers;
import io.poshub.mapping.Mapping;
import io.poshub.member.MemberKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A ticket that passed the row checks: its identity, its rows and its net, ready to be booked. */
record SaleDraft(Ticket ticket, SaleIdentity identity, List<PosRow> rows, BigDecimal net) {

    /** The tender of a sale whose layout names none (SpringBoard, a generic mapping without a tender column). */
    static final String UNKNOWN_TENDER = "UNKNOWN";

    /**
     * The tickets of a chunk that can become sales. A ticket with a row that could not be read, or one the
     * database could not store ({@link RowLimits}), is rejected whole; a VOID ticket's rows are accepted and make
     * no sale. Both are counted in {@code outcome} here.
     */
    static List<SaleDraft> screen(List<Ticket> tickets, String merchant, BookingOutcome outcome) {
        List<SaleDraft> drafts = new ArrayList<>(tickets.size());
        for (Ticket ticket : tickets) {
            SaleDraft draft = screen(ticket, merchant, outcome);
            if (draft != null) {
                drafts.add(draft);
            }
        }
        return drafts;
    }

    private static SaleDraft screen(Ticket ticket, String merchant, BookingOutcome outcome) {
        ParsedRow bad = ticket.firstBadRow();
        if (bad != null) {
            outcome.rejectTicket(ticket, "line " + bad.lineNo() + ": " + bad.error());
            return null;
        }
        for (ParsedRow row : ticket.rows()) {
            String why = RowLimits.violation(row.row());
            if (why != null) {
                outcome.rejectTicket(ticket, "line " + row.lineNo() + ": " + why);
                return null;
            }
        }
        // Loops, not streams: this runs for every ticket of every file.
        PosRow[] rows = new PosRow[ticket.rows().size()];
        boolean voided = false;
        BigDecimal net = BigDecimal.ZERO;
        for (int i = 0; i < rows.length; i++) {
            PosRow row = ticket.rows().get(i).row();
            rows[i] = row;
            voided |= row.type() == PosRow.RowType.VOID;
            if (row.saleLine()) {
                net = net.add(row.lineNet());
            }
        }
        PosRow first = rows[0];
        SaleIdentity identity = new SaleIdentity(merchant, first.store(), first.register(), first.ticket(), first.businessDate());
        if (voided) {
            outcome.acceptVoid(rows.length, identity);
            return null;
        }
        return new SaleDraft(ticket, identity, Arrays.asList(rows), net);
    }

    /** The first row's: ticket-level values repeat on every row, the first one's are the ticket's. */
    PosRow first() {
        return rows.get(0);
    }

    /** The ticket's tax: given per ticket, or the sum of its lines' where the layout gives it per line. */
    BigDecimal tax() {
        if (first().ticketTax() != null) {
            return first().ticketTax();
        }
        BigDecimal tax = BigDecimal.ZERO;
        for (PosRow row : rows) {
            if (row.saleLine() && row.lineTax() != null) {
                tax = tax.add(row.lineTax());
            }
        }
        return tax;
    }

    /** The ticket's total as the layout gives it, else net + tax. */
    BigDecimal total() {
        return first().ticketTotal() != null ? first().ticketTotal() : net.add(tax());
    }

    /** Who rang the ticket up, where the layout or mapping says: the first row that names one. */
    String cashier() {
        for (PosRow row : rows) {
            if (row.cashier() != null) {
                return row.cashier();
            }
        }
        return null;
    }

    /** The ticket's first tender code as written, or null: the one {@code sale.tender} keeps. */
    String tender() {
        for (PosRow row : rows) {
            if (row.tender() != null) {
                return row.tender();
            }
        }
        return null;
    }

    /**
     * What paid the ticket, per tender code (upper case; {@value #UNKNOWN_TENDER} when the layout names none): the
     * tender records' amounts where the layout has them (NCR's T, split payments), else the one tender with the
     * ticket's total.
     */
    Map<String, BigDecimal> tenders() {
        Map<String, BigDecimal> paid = new TreeMap<>();
        for (PosRow row : rows) {
            if (row.tenderAmount() != null) {
                paid.merge(code(row.tender()), row.tenderAmount(), BigDecimal::add);
            }
        }
        if (paid.isEmpty()) {
            paid.put(code(tender()), total());
        }
        return paid;
    }

    /** The reward vouchers the ticket was paid with: tender records of a voucher tender code naming the voucher's code. */
    List<Vouchers.Receipt> vouchers(Set<String> voucherTenders, Instant soldAt) {
        List<Vouchers.Receipt> used = new ArrayList<>();
        for (PosRow row : rows) {
            if (row.tenderAmount() != null && row.tenderReference() != null && voucherTenders.contains(code(row.tender()))) {
                used.add(new Vouchers.Receipt(row.tenderReference().trim(), identity().store(), identity().ticket(), soldAt, row.tenderAmount()));
            }
        }
        return used;
    }

    /**
     * The lines selling or taking back gift cards by the mapping (contract §19), as ticket {@code ticket} of a call; each
     * named by the sale and its place among the ticket's rows, which are the same whichever file brings the sale; a card
     * the sale activates is registered to {@code buyer}, the member it is booked to (null: none).
     */
    List<GiftCardsSold.Line> giftCards(int ticket, Mapping mapping, Long buyer) {
        if (mapping.giftCardItems() == null) {
            return List.of();
        }
        int digits = mapping.currencyDigits();
        List<GiftCardsSold.Line> lines = new ArrayList<>();
        List<ParsedRow> parsed = ticket().rows();
        for (int i = 0; i < parsed.size(); i++) {
            PosRow row = parsed.get(i).row();
            if (row.saleLine() && mapping.sellsGiftCard(row.sku())) {
                SaleIdentity id = identity;
                String receipt = id.store() + "/" + id.register() + "/" + id.ticket() + "/" + id.businessDate() + "/" + (i + 1);
                long amount = row.lineNet().movePointRight(digits).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
                lines.add(new GiftCardsSold.Line(ticket, id.store(), receipt, id.businessDate(), parsed.get(i).lineNo(), row.serial(),
                        mapping.giftCardItems().numberColumn(), amount, buyer));
            }
        }
        return lines;
    }

    private static String code(String tender) {
        return tender == null || tender.isBlank() ? UNKNOWN_TENDER : tender.trim().toUpperCase(Locale.ROOT);
    }

    MemberKeys keys(Mapping mapping) {
        PosRow first = first();
        return MemberKeys.of(first.card(), first.phone(), first.email(), first.externalId(), mapping.phoneRegion());
    }

    /**
     * The sale as earning sees it, for the member it is booked to (null: it earns nothing): lines selling gift cards
     * earn only where the mapping says {@code giftCardsEarn}.
     */
    ChunkEarnings.Earnable earnable(Long memberId, Mapping mapping) {
        List<EarnProgram.Line> lines = rows.stream().filter(PosRow::saleLine)
                .filter(r -> mapping.giftCardsEarn() || !mapping.sellsGiftCard(r.sku()))
                .map(r -> new EarnProgram.Line(r.sku(), r.category(), r.lineNet())).toList();
        return new ChunkEarnings.Earnable(identity, first().origTicket(), net, lines, memberId);
    }
}
