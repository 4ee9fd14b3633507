package io.poshub.member;

import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.poshub.giftcard.GiftCardOwners;
import io.poshub.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gift cards a member bought or registered (#32): the till or the back office registers a card to one of the merchant's
 * active members; the member's cards are on its page and in its export.
 */
@Tag(name = "Gift cards")
@RestController
class MemberGiftCardsController {

    private final MemberRepository members;
    private final GiftCardOwners owners;
    private final Caller caller;

    MemberGiftCardsController(MemberRepository members, GiftCardOwners owners, Caller caller) {
        this.members = members;
        this.owners = owners;
        this.caller = caller;
    }

    /** Whose card it becomes. */
    @Schema(name = "GiftCardOwnerRequest")
    record OwnerRequest(@Schema(example = "60") Long memberId) {
    }

    @Operation(summary = "Register a gift card to a member", description = "The member must be an ACTIVE member of the card's"
            + " merchant; registering it again to the same member changes nothing, to another moves it")
    @PostMapping(path = "/api/gift-cards/{number}/owner", consumes = MediaType.APPLICATION_JSON_VALUE)
    GiftCardOwners.OwnedCard register(@PathVariable String number, @RequestBody OwnerRequest body) {
        if (body.memberId() == null) {
            throw new InvalidField("memberId", "memberId is required");
        }
        Member member = visible(body.memberId());
        if (!"ACTIVE".equals(member.status())) {
            throw new Conflict("member " + member.id() + " is " + member.status().toLowerCase(java.util.Locale.ROOT)
                    + "; a gift card is registered to an active member");
        }
        return owners.register(member.merchant(), number, member.id());
    }

    @Operation(summary = "A member's gift cards, newest first")
    @GetMapping("/api/members/{id}/gift-cards")
    List<GiftCardOwners.OwnedCard> ofMember(@PathVariable long id) {
        return owners.ofMember(visible(id).id());
    }

    private Member visible(long id) {
        return members.visibleTo(caller, id);
    }
}
