package io.poshub.giftcard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What the gift card calls answer (contract §12), as the published contract names them. A money call's answer is kept
 * per Idempotency-Key and given again, word for word, on a replay.
 */
public final class GiftCardAnswers {

    private GiftCardAnswers() {
    }

    /**
     * What a money call comes to: the card's state (an activation, a deactivation, a reactivation), an approval (a
     * load, a redemption, a refund), or a decline. Kept per Idempotency-Key and given again on a replay.
     */
    public sealed interface Outcome permits State, Approval, Decline {
    }

    /** A card's balance and state: the answer to an activation, a deactivation and a reactivation. */
    @Schema(name = "GiftCardState")
    public record State(@Schema(example = "7000000000009") String number, CardState state,
                        @Schema(example = "NOK") String currency, @Schema(example = "50000") long balance,
                        @Schema(description = "balance less what offline codes hold", example = "50000") long available)
            implements Outcome {

        static State of(GiftCardLedger.Card card) {
            return new State(card.number(), card.state(), card.currency(), card.balance(), card.available());
        }
    }

    /** A money call that went through: for a redemption, how much was taken and whether it was less than asked. */
    @Schema(name = "GiftCardApproval")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Approval(@Schema(example = "true") boolean approved, @Schema(example = "12050") Long redeemed,
                          @Schema(example = "false") Boolean partial, @Schema(example = "37950") long balance,
                          @Schema(example = "NOK") String currency) implements Outcome {
    }

    /** Why a money call was declined (409): a till switches on the reason; detail is for the cashier. */
    @Schema(name = "GiftCardDecline")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decline(@Schema(example = "false") boolean approved, Reason reason,
                          @Schema(example = "the balance of 2000 is short of the 5000 asked") String detail,
                          @Schema(description = "the card's balance, when the card is known", example = "2000") Long balance)
            implements Outcome {
    }

    /** The reasons a gift card call is declined; docs/till-integration.md says what a till does for each. */
    public enum Reason {
        /** The number was never activated. */
        NOT_ACTIVATED,
        /** The card was blocked (lost, stolen). */
        CARD_INACTIVE,
        /** An activation of a number that already is a card. */
        ALREADY_ACTIVATED,
        /** Less on the card than asked, and no partial redemption allowed. */
        INSUFFICIENT_BALANCE,
        /** The card a balance should move to is blocked. */
        TARGET_INACTIVE,
        /** The card a balance should move to holds another currency. */
        CURRENCY_MISMATCH,
        /** An offline authorization code nobody gave. */
        AUTH_CODE_UNKNOWN,
        /** An offline authorization code used already. */
        AUTH_CODE_USED,
        /** An offline authorization code past its time. */
        AUTH_CODE_EXPIRED,
        /** An offline authorization code for another card, operation or amount. */
        AUTH_CODE_MISMATCH
    }

    /** A card as the back office lists it. */
    @Schema(name = "GiftCardListing")
    public record Listing(String number, CardState state, String currency, long balance, long available, String store,
                          Instant activatedAt) {

        static Listing of(GiftCardLedger.Card card) {
            return new Listing(card.number(), card.state(), card.currency(), card.balance(), card.available(), card.store(),
                    card.activatedAt());
        }
    }

    /** A card with its last activities, newest first. */
    @Schema(name = "GiftCardDetail")
    public record Detail(String number, CardState state, String currency, long balance, long available,
                         List<GiftCardLedger.Activity> activities) {
    }

    /** The help desk's code for one offline operation. */
    @Schema(name = "GiftCardAuthorization")
    public record Authorization(@Schema(example = "K7QX2M") String code, @Schema(example = "REDEEM") String type,
                                @Schema(example = "5000") long amount, Instant expiresAt) {
    }

    /** A printed batch taken on: follow it by its id. */
    @Schema(name = "GiftCardBatchAccepted")
    public record BatchAccepted(long batchId) {
    }

    /** A batch is RUNNING until every block is done (DONE), or it stopped on an error (FAILED). */
    public enum BatchStatus { RUNNING, DONE, FAILED }

    /** A block of a batch is PENDING until its numbers were tried (DONE). */
    public enum BlockStatus { PENDING, DONE }

    /** A batch as the list of batches shows it. */
    @Schema(name = "GiftCardBatchSummary")
    public record BatchSummary(long id, BatchStatus status, int count, String store, Instant createdAt) {
    }

    /** A batch as far as it got: totals, and each block of 100 with the numbers it declined. */
    @Schema(name = "GiftCardBatch")
    public record Batch(long id, BatchStatus status, int count, int activated, int declined, List<Block> blocks) {
    }

    /** One block of a batch. */
    @Schema(name = "GiftCardBatchBlock")
    public record Block(String first, String last, int activated, int declined, BlockStatus status, List<Declined> declines) {
    }

    /** A number of a batch that was not activated, and why. */
    @Schema(name = "GiftCardBatchDecline")
    public record Declined(String number, String reason) {
    }
}
