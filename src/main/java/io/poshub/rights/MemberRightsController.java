package io.poshub.rights;

import io.poshub.audit.AuditDetails;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.giftcard.GiftCardOwners;
import io.poshub.loyalty.Ledger;
import io.poshub.loyalty.Vouchers;
import io.poshub.member.Consents;
import io.poshub.member.Member;
import io.poshub.member.MemberErasure;
import io.poshub.member.MemberRepository;
import io.poshub.receipt.MemberReceipts;
import io.poshub.sale.MemberSales;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A member's rights (contract §17), for admins: erase the member, export what the hub keeps about it. */
@Tag(name = "Members' rights")
@RestController
class MemberRightsController {

    private final MemberErasure erasure;
    private final MemberRepository members;
    private final Consents consents;
    private final Ledger ledger;
    private final MemberSales sales;
    private final Vouchers vouchers;
    private final GiftCardOwners giftCards;
    private final MemberReceipts receipts;
    private final Clock clock;

    MemberRightsController(MemberErasure erasure, MemberRepository members, Consents consents, Ledger ledger, MemberSales sales,
                           Vouchers vouchers, GiftCardOwners giftCards, MemberReceipts receipts, Clock clock) {
        this.receipts = receipts;
        this.vouchers = vouchers;
        this.giftCards = giftCards;
        this.erasure = erasure;
        this.members = members;
        this.consents = consents;
        this.ledger = ledger;
        this.sales = sales;
        this.clock = clock;
    }

    /** Why a member is erased, for the audit trail (no personal data: a case number, the request's date). */
    @Schema(name = "ErasureRequest")
    record ErasureRequest(@Schema(description = "why, for the audit trail; no personal data", example = "member's request, case 2026-118",
            maxLength = 200) String reason) {
    }

    @Operation(summary = "Erase a member's personal data everywhere the hub keeps it",
            description = "Name, phone, e-mail, cards and external id leave the member (and the members merged into it), parked"
                    + " sales, rejected lines, kept files and payments, in one operation; points entries and sales stay, so every"
                    + " total stays. Repeating it answers the first erasure (repeated: true).")
    @PostMapping(path = "/api/members/{id}/erasure", consumes = MediaType.APPLICATION_JSON_VALUE)
    MemberErasure.Erasure erasure(@PathVariable long id, @RequestBody ErasureRequest body) {
        if (body.reason() == null || body.reason().isBlank()) {
            throw new InvalidField("reason", "reason is required: why the member is erased, for the audit trail");
        }
        if (body.reason().length() > 200) {
            throw new InvalidField("reason", "reason is at most 200 characters");
        }
        MemberErasure.Erasure done = erasure.erase(id);
        AuditDetails.note("reason", body.reason().strip());
        AuditDetails.note("repeated", done.repeated());
        return done;
    }

    @Operation(summary = "Everything the hub keeps about a member, as JSON")
    @GetMapping("/api/members/{id}/export")
    MemberExport export(@PathVariable long id) {
        Member member = members.findById(id).orElseThrow(() -> new NotFound("no member with id " + id));
        return new MemberExport(clock.instant(), member, consents.history(id), ledger.all(id), sales.of(id), vouchers.ofMember(id),
                giftCards.ofMember(id), receipts.of(id));
    }
}
