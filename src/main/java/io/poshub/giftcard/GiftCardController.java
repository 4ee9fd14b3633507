package io.poshub.giftcard;

import io.poshub.common.InvalidField;
import io.poshub.web.Barcodes;
import io.poshub.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gift cards at the till (contract §12; tills of the card's merchant, and admins): money calls with an
 * Idempotency-Key, amounts in minor units; a decline is 409 {@code {approved: false, reason}}.
 */
@Tag(name = "Gift cards")
@RestController
@RequestMapping("/api/gift-cards")
class GiftCardController {

    private static final String KEY = "Idempotency-Key";

    private final GiftCards cards;
    private final GiftCardAuthorizations authorizations;
    private final GiftCardBatches batches;
    private final Caller caller;
    private final GiftCardLiability liability;
    private final GiftCardSalesOfDay salesOfDay;
    private final Clock clock;

    GiftCardController(GiftCards cards, GiftCardAuthorizations authorizations, GiftCardBatches batches, Caller caller,
                       GiftCardLiability liability, GiftCardSalesOfDay salesOfDay, Clock clock) {
        this.salesOfDay = salesOfDay;
        this.cards = cards;
        this.liability = liability;
        this.clock = clock;
        this.batches = batches;
        this.authorizations = authorizations;
        this.caller = caller;
    }

    record MoneyRequest(@Schema(description = "minor units (øre, cents)", example = "5000") Long amount,
                        @Schema(description = "for an activation: the card's currency", example = "NOK") String currency,
                        @Schema(example = "001") String store, @Schema(example = "receipt 4711") String reference,
                        @Schema(description = "a redemption short of money takes what there is", example = "false") Boolean allowPartial,
                        @Schema(description = "the help desk's code, for an operation made while the till was offline")
                        String authCode) {

        /** The operation for the store the call acts for (a one-store till key: its own store, and no other). */
        GiftCards.Operation operation(Caller caller) {
            if (amount == null) {
                throw new InvalidField("amount", "amount (minor units) is required");
            }
            return new GiftCards.Operation(amount, currency, caller.store(store), reference, Boolean.TRUE.equals(allowPartial), authCode);
        }
    }

    record DeactivateRequest(@Schema(allowableValues = {"LOST", "STOLEN", "OTHER"}, example = "LOST") String reason,
                             @Schema(description = "a card to move the balance to", example = "7000000000017") String transferTo) {
    }

    record AuthorizationRequest(@Schema(allowableValues = {"ACTIVATE", "LOAD", "REDEEM"}, example = "REDEEM") String type,
                                @Schema(example = "5000") Long amount) {
    }

    record BatchRequest(@Schema(example = "7000000000009") String firstNumber, @Schema(example = "1000") Integer count,
                        @Schema(example = "50000") Long amount, @Schema(example = "NOK") String currency, @Schema(example = "001") String store) {
    }

    @Operation(summary = "Activate a gift card with its first amount")
    @ApiResponse(responseCode = "201", description = "Activated", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.State.class)))
    @ApiResponse(responseCode = "409", description = "Declined: the reason says why", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Decline.class)))
    @PostMapping("/{number}/activate")
    ResponseEntity<GiftCardAnswers.Outcome> activate(@PathVariable String number, @RequestParam(required = false) String merchant,
                                    @RequestBody MoneyRequest body, @RequestHeader(name = KEY, required = false) String key) {
        return answer(cards.activate(caller.merchant(merchant), number, body.operation(caller), key), HttpStatus.CREATED);
    }

    @Operation(summary = "Load an amount onto a gift card")
    @ApiResponse(responseCode = "200", description = "Approved", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Approval.class)))
    @ApiResponse(responseCode = "409", description = "Declined: the reason says why", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Decline.class)))
    @PostMapping("/{number}/load")
    ResponseEntity<GiftCardAnswers.Outcome> load(@PathVariable String number, @RequestParam(required = false) String merchant,
                                @RequestBody MoneyRequest body, @RequestHeader(name = KEY, required = false) String key) {
        return answer(cards.load(caller.merchant(merchant), number, body.operation(caller), key), HttpStatus.OK);
    }

    @Operation(summary = "Pay with a gift card")
    @ApiResponse(responseCode = "200", description = "Approved", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Approval.class)))
    @ApiResponse(responseCode = "409", description = "Declined: the reason says why", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Decline.class)))
    @PostMapping("/{number}/redeem")
    ResponseEntity<GiftCardAnswers.Outcome> redeem(@PathVariable String number, @RequestParam(required = false) String merchant,
                                  @RequestBody MoneyRequest body, @RequestHeader(name = KEY, required = false) String key) {
        return answer(cards.redeem(caller.merchant(merchant), number, body.operation(caller), key), HttpStatus.OK);
    }

    @Operation(summary = "Give an amount back to a gift card")
    @ApiResponse(responseCode = "200", description = "Approved", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Approval.class)))
    @ApiResponse(responseCode = "409", description = "Declined: the reason says why", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Decline.class)))
    @PostMapping("/{number}/refund")
    ResponseEntity<GiftCardAnswers.Outcome> refund(@PathVariable String number, @RequestParam(required = false) String merchant,
                                  @RequestBody MoneyRequest body, @RequestHeader(name = KEY, required = false) String key) {
        return answer(cards.refund(caller.merchant(merchant), number, body.operation(caller), key), HttpStatus.OK);
    }

    @Operation(summary = "Block a gift card, or move its balance to another")
    @ApiResponse(responseCode = "200", description = "Blocked (and the balance moved)", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.State.class)))
    @ApiResponse(responseCode = "409", description = "Declined: the reason says why", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.Decline.class)))
    @PostMapping("/{number}/deactivate")
    ResponseEntity<GiftCardAnswers.Outcome> deactivate(@PathVariable String number, @RequestParam(required = false) String merchant,
                                      @RequestBody DeactivateRequest body, @RequestHeader(name = KEY, required = false) String key) {
        return answer(cards.deactivate(caller.merchant(merchant), number, body.reason(), body.transferTo(), key), HttpStatus.OK);
    }

    @Operation(summary = "Unblock a gift card")
    @ApiResponse(responseCode = "200", description = "Usable again", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = GiftCardAnswers.State.class)))
    @PostMapping("/{number}/reactivate")
    ResponseEntity<GiftCardAnswers.Outcome> reactivate(@PathVariable String number, @RequestParam(required = false) String merchant) {
        return answer(cards.reactivate(caller.merchant(merchant), number), HttpStatus.OK);
    }

    /** A printed batch activated in the background (admin): 202 with its id; follow it at GET …/batches/{id}. */
    @Operation(summary = "Activate a printed batch of cards")
    @PostMapping("/batches")
    @ResponseStatus(HttpStatus.ACCEPTED)
    GiftCardAnswers.BatchAccepted batch(@RequestParam(required = false) String merchant, @RequestBody BatchRequest body) {
        if (body.count() == null || body.amount() == null) {
            throw new InvalidField("count", "count and amount (minor units) are required");
        }
        long id = batches.start(caller.merchant(merchant), body.firstNumber(), body.count(), body.amount(), body.currency(), body.store());
        return new GiftCardAnswers.BatchAccepted(id);
    }

    @Operation(summary = "Printed batches, newest first")
    @GetMapping("/batches")
    List<GiftCardAnswers.BatchSummary> batches(@RequestParam(required = false) String merchant) {
        return batches.recent(caller.merchant(merchant), 50);
    }

    @Operation(summary = "How far a printed batch has got")
    @GetMapping("/batches/{id}")
    GiftCardAnswers.Batch batchStatus(@RequestParam(required = false) String merchant, @PathVariable long id) {
        return batches.find(caller.merchant(merchant), id);
    }

    /** The help desk's code for a till that is offline (admin): one operation, one amount, once. */
    @Operation(summary = "A code for a till that is offline")
    @PostMapping("/{number}/authorizations")
    @ResponseStatus(HttpStatus.CREATED)
    GiftCardAnswers.Authorization authorize(@PathVariable String number, @RequestParam(required = false) String merchant,
                                                  @RequestBody AuthorizationRequest body) {
        if (body.amount() == null) {
            throw new InvalidField("amount", "amount (minor units) is required");
        }
        return authorizations.authorize(caller.merchant(merchant), cards.number(caller.merchant(merchant), number), body.type(),
                body.amount());
    }

    /** The accountant's figure: what the merchant's cards owe their holders, per currency, from the activities. */
    @Operation(summary = "The gift cards' outstanding balance (liability) as of a day",
            description = "The sum of every card's activities until the end of asOf (UTC; default today), per currency")
    @GetMapping("/liability")
    List<GiftCardLiability.Outstanding> liability(@RequestParam(required = false) String merchant,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return liability.asOf(caller.merchant(merchant), asOf == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : asOf);
    }

    /** What each store sold in gift cards on a day: on its receipts against through the till's calls. */
    @Operation(summary = "Gift cards sold per store on a day: from receipts and from the till's calls",
            description = "Receipts: the sales files' gift-card lines of that business day (returns take back). Till: activations "
                    + "and loads through the API on that day in zone (default UTC). Minor units.")
    @GetMapping("/sold")
    List<GiftCardSalesOfDay.StoreDay> sold(@RequestParam(required = false) String merchant,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                                           @RequestParam(required = false) String zone) {
        ZoneId in;
        try {
            in = zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone.trim());
        } catch (java.time.DateTimeException e) {
            throw new InvalidField("zone", "zone '" + zone + "' is not a time zone id (e.g. Europe/Oslo)");
        }
        return salesOfDay.of(caller.merchant(merchant), date == null ? LocalDate.ofInstant(clock.instant(), in) : date, in);
    }

    /** A merchant's cards (admin), newest first. */
    @Operation(summary = "A merchant's gift cards, newest first")
    @GetMapping
    List<GiftCardAnswers.Listing> list(@RequestParam(required = false) String merchant, @RequestParam(required = false) String state,
                                   @RequestParam(required = false) String store, @RequestParam(defaultValue = "100") int limit,
                                   @RequestParam(defaultValue = "0") long offset) {
        return cards.list(caller.merchant(merchant), state, store, limit, offset);
    }

    /** A card's activities (admin), newest first, a page at a time. */
    @Operation(summary = "A gift card's activities, newest first")
    @GetMapping("/{number}/activities")
    List<GiftCardLedger.Activity> activities(@PathVariable String number, @RequestParam(required = false) String merchant,
                                             @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset) {
        return cards.activities(caller.merchant(merchant), number, limit, offset);
    }

    @Operation(summary = "A gift card's balance and state")
    @GetMapping("/{number}")
    GiftCardAnswers.Detail get(@PathVariable String number, @RequestParam(required = false) String merchant) {
        return cards.get(caller.merchant(merchant), number);
    }

    @Operation(summary = "A gift card's number as a Code 128 barcode")
    @ApiResponse(responseCode = "200", description = "A PNG image", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @GetMapping(path = "/{number}/barcode.png", produces = MediaType.IMAGE_PNG_VALUE)
    byte[] barcode(@PathVariable String number) {
        return Barcodes.code128Png(cards.number(number));
    }

    /** A decline is 409 whatever the call; anything else the call's own status. */
    private static ResponseEntity<GiftCardAnswers.Outcome> answer(GiftCardAnswers.Outcome outcome, HttpStatus done) {
        HttpStatus status = outcome instanceof GiftCardAnswers.Decline ? HttpStatus.CONFLICT : done;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(outcome);
    }
}
