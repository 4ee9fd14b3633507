package io.poshub.sale;

import io.poshub.common.InvalidField;
import io.poshub.member.MemberRepository;
import io.poshub.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/members/{id}/receipts} (contract §22; a till of the member's merchant, or the back office): the
 * member's purchases with their lines, tenders and points — what a member app shows as the receipts.
 */
@Tag(name = "Members")
@RestController
class MemberReceiptsController {

    /** The longest span one call may ask for. */
    private static final int MAX_DAYS = 366;

    private final MemberSales sales;
    private final MemberRepository members;
    private final Caller caller;

    MemberReceiptsController(MemberSales sales, MemberRepository members, Caller caller) {
        this.sales = sales;
        this.members = members;
        this.caller = caller;
    }

    @Schema(name = "Receipt", description = "A purchase booked to the member: amounts in its currency's units, signed (a return is "
            + "negative); points the sale earned")
    record Receipt(long saleId, String store, String register, String ticket, LocalDate businessDate, Instant soldAt, String kind,
                   BigDecimal total, BigDecimal tax, String currency, long points, List<MemberSales.Line> lines,
                   List<MemberSales.Tender> tenders) {
    }

    @Operation(summary = "A member's receipts: purchases with lines, tenders and points",
            description = "The sales booked to the member of the business days from to to (both included; the last 90 days when "
                    + "neither is given), oldest first; at most 366 days at a time")
    @GetMapping("/api/members/{id}/receipts")
    List<Receipt> receipts(@PathVariable long id, @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
        long member = members.visibleTo(caller, id).id();
        LocalDate last = to != null ? to : from != null ? from.plusDays(MAX_DAYS) : LocalDate.now();
        LocalDate first = from != null ? from : last.minusDays(90);
        if (last.isBefore(first)) {
            throw new InvalidField("to", "to (" + last + ") is before from (" + first + ")");
        }
        if (last.isAfter(first.plusDays(MAX_DAYS))) {
            throw new InvalidField("to", "at most " + MAX_DAYS + " days at a time");
        }
        return sales.of(member, first, last).stream().map(s -> new Receipt(s.id(), s.store(), s.register(), s.ticket(), s.businessDate(),
                s.soldAt(), s.kind(), s.totalAmount(), s.taxAmount(), s.currency(), s.points(), s.lines(), s.tenders())).toList();
    }
}
