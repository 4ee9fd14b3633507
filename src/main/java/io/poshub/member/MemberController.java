package io.poshub.member;

import io.poshub.audit.AuditDetails;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.db.Conflicts;
import io.poshub.loyalty.Ledger;
import io.poshub.loyalty.Redemptions;
import io.poshub.mapping.MemberKey;
import io.poshub.web.Barcodes;
import io.poshub.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Members (contract §8, §11): create, import, change and merge (admins); look up, ledger and barcode, swipe a card,
 * redeem and refund (admins and tills; a till only for its own merchant's members — another merchant's member is
 * simply not found).
 */
@Tag(name = "Members")
@RestController
@RequestMapping("/api/members")
class MemberController {

    private final MemberRepository members;
    private final MemberImport memberImport;
    private final MemberService service;
    private final Redemptions redemptions;
    private final MemberLifecycle lifecycle;
    private final CardSwipes swipes;
    private final Caller caller;
    private final Consents consents;

    MemberController(MemberRepository members, MemberImport memberImport, MemberService service,
                     Redemptions redemptions, MemberLifecycle lifecycle, CardSwipes swipes, Caller caller, Consents consents) {
        this.consents = consents;
        this.lifecycle = lifecycle;
        this.swipes = swipes;
        this.members = members;
        this.memberImport = memberImport;
        this.service = service;
        this.redemptions = redemptions;
        this.caller = caller;
    }

    /** The body of POST /api/members; a card number is drawn when none is given. Phones in E.164. */
    record NewMemberRequest(String merchant, String externalId, String cardNumber, String phone, String email,
                            String firstName, String lastName, String tier) {
    }

    record RedemptionRequest(@Schema(description = "whole points; for a refund, none gives back all that is left", example = "200") Long points,
                             @Schema(example = "receipt 4711") String reference, @Schema(example = "001") String store) {
    }

    /**
     * The fields a PATCH may give, as the contract publishes them. The call reads its body as a map, because a field
     * given as null (cleared) and a field left out (kept) differ, which a record cannot tell apart.
     */
    @Schema(name = "MemberChange", description = "Any of these; a field given as null is cleared, one left out is kept")
    record MemberChange(@Schema(example = "7012345678901") String cardNumber, @Schema(example = "+4791234567") String phone,
                        @Schema(example = "kari@example.com") String email, @Schema(example = "Kari") String firstName,
                        @Schema(example = "Nordmann") String lastName, @Schema(example = "GOLD") String tier,
                        @Schema(allowableValues = {"ACTIVE", "INACTIVE"}) String status, Boolean marketingConsent,
                        @Schema(allowableValues = {"EMAIL", "SMS", "NONE"}) String receiptConsent) {
    }

    /** The fields a swipe may give, for a new member or to change the one found (a null clears, as in a PATCH). */
    @Schema(name = "SwipeFields")
    record SwipeFields(@Schema(example = "SILVER") String tier, @Schema(example = "+4791234567") String phone,
                       @Schema(example = "kari@example.com") String email, @Schema(example = "Kari") String firstName,
                       @Schema(example = "Nordmann") String lastName) {
    }

    record MergeRequest(Long from) {
    }

    @Operation(summary = "Create a member")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Member> create(@RequestBody NewMemberRequest body) {
        long id = service.create(new MemberService.NewMember(caller.merchant(body.merchant()), body.externalId(),
                body.cardNumber(), body.phone(), body.email(), body.firstName(), body.lastName(), body.tier()), "ZZ");
        return ResponseEntity.created(URI.create("/api/members/" + id)).body(get(id));
    }

    @PostMapping(path = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    MemberImport.Result importCsv(@RequestParam(required = false) String merchant, InputStream csv) throws IOException {
        // Streamed: a file of a million members is never held whole in memory.
        try (var reader = new InputStreamReader(csv, StandardCharsets.UTF_8)) {
            return memberImport.load(caller.merchant(merchant), reader);
        }
    }

    @Operation(summary = "Import members from a CSV file")
    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    MemberImport.Result importFile(@RequestParam(required = false) String merchant, @RequestPart("file") MultipartFile file) throws IOException {
        try (var reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
            return memberImport.load(caller.merchant(merchant), reader);
        }
    }

    @Operation(summary = "A member with balance and tier")
    @GetMapping("/{id}")
    Member get(@PathVariable long id) {
        return members.visibleTo(caller, id);
    }

    /** What the till may redeem ({@code balance}), what waits to mature, and what expires in the next 90 days (contract §18). */
    @Operation(summary = "A member's points: spendable, pending and expiring")
    @GetMapping("/{id}/balance")
    Ledger.Balance balance(@PathVariable long id) {
        return members.balance(get(id));
    }

    /** The ledger, newest first: each entry with its reason and the sale it came from. */
    @Operation(summary = "A member's points entries")
    @GetMapping("/{id}/points")
    List<Ledger.LedgerEntry> points(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        get(id);
        if (limit < 1 || limit > 1000) {
            throw new InvalidField("limit", "limit must be between 1 and 1000");
        }
        return members.ledger(id, limit);
    }

    /** Each change of the member's consents, oldest first: what it became, when, and through which door (contract §17). */
    @Operation(summary = "A member's consent history")
    @GetMapping("/{id}/consents")
    List<Consents.ConsentChange> consents(@PathVariable long id) {
        get(id);
        return consents.history(id);
    }

    /** The member's card number as a Code 128 barcode. */
    @Operation(summary = "A member's card number as a barcode")
    @ApiResponse(responseCode = "200", description = "A PNG image", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @GetMapping(path = "/{id}/barcode.png", produces = MediaType.IMAGE_PNG_VALUE)
    byte[] barcode(@PathVariable long id) {
        Member member = get(id);
        if (member.cardNumber() == null) {
            throw new NotFound("member " + id + " has no card number");
        }
        return Barcodes.code128Png(member.cardNumber());
    }

    @Operation(summary = "Redeem points at the till")
    @ApiResponse(responseCode = "201", description = "Redeemed", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = Redemptions.Redeemed.class)))
    @PostMapping(path = "/{id}/redemptions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> redeem(@PathVariable long id, @RequestBody RedemptionRequest body,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        get(id);
        if (body.points() == null) {
            throw new InvalidField("points", "points is required");
        }
        return answer(redemptions.redeem(id, body.points(), body.reference(), caller.store(body.store()), idempotencyKey));
    }

    /** An admin's change of a member's points: more than 0 adds, less than 0 takes, and why. */
    @Schema(name = "PointsAdjustmentRequest")
    record AdjustmentRequest(@Schema(example = "-50") Long points, @Schema(example = "goodwill, case 4411") String reference) {
    }

    @Operation(summary = "Adjust a member's points (customer service, an opening balance, a correction)")
    @ApiResponse(responseCode = "201", description = "Adjusted", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = Redemptions.Adjusted.class)))
    @PostMapping(path = "/{id}/adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> adjust(@PathVariable long id, @RequestBody AdjustmentRequest body,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        get(id);
        if (body.points() == null) {
            throw new InvalidField("points", "points is required");
        }
        return answer(redemptions.adjust(id, body.points(), body.reference(), idempotencyKey));
    }

    /** Booked: 201 with what was booked. Refused: a problem answer with the refusal as its code. */
    private static ResponseEntity<Object> answer(Redemptions.Outcome outcome) {
        if (outcome instanceof Redemptions.Refused refused) {
            throw refused.problem();
        }
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(outcome);
    }

    /** Changes any of {@link MemberLifecycle#FIELDS}; a field given as null is cleared. */
    @Operation(summary = "Change a member's details")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Member change(@PathVariable long id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = MemberChange.class))) @RequestBody Map<String, Object> changes) {
        get(id);
        lifecycle.change(id, changes);
        AuditDetails.note("fields", new TreeSet<>(changes.keySet()));
        return get(id);
    }

    /** Merges the member {@code from} into this one. */
    @Operation(summary = "Merge another member into this one")
    @PostMapping(path = "/{id}/merge", consumes = MediaType.APPLICATION_JSON_VALUE)
    Member merge(@PathVariable long id, @RequestBody MergeRequest body) {
        if (body.from() == null) {
            throw new InvalidField("from", "from (the id of the member to merge into this one) is required");
        }
        get(id);
        get(body.from());
        lifecycle.merge(id, body.from());
        return get(id);
    }

    /** A card swiped at the till: 200 with its member (given fields changed), or 201 with a new member holding it. */
    @Operation(summary = "Identify a swiped card, enrolling its member if new")
    @ApiResponse(responseCode = "200", description = "The card's member, with the given fields changed")
    @ApiResponse(responseCode = "201", description = "A new member holding the card")
    @PutMapping(path = "/by-card/{card}")
    ResponseEntity<Member> swipe(@PathVariable String card, @RequestParam(required = false) String merchant,
                                 @io.swagger.v3.oas.annotations.parameters.RequestBody(
                                         content = @Content(schema = @Schema(implementation = SwipeFields.class)))
                                 @RequestBody(required = false) Map<String, Object> fields) {
        CardSwipes.Identified found = swipes.identify(caller.merchant(merchant), card, fields == null ? Map.of() : fields);
        Member member = get(found.id());
        return found.created()
                ? ResponseEntity.created(URI.create("/api/members/" + found.id())).body(member)
                : ResponseEntity.ok(member);
    }

    /** Gives back points of a redemption ("refund to Aura"); without points, all that is left of it. */
    @Operation(summary = "Give back points of a redemption")
    @ApiResponse(responseCode = "201", description = "Given back", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = Redemptions.Refunded.class)))
    @PostMapping(path = "/{id}/redemptions/{entryId}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> refund(@PathVariable long id, @PathVariable long entryId, @RequestBody RedemptionRequest body,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        get(id);
        return answer(redemptions.refund(id, entryId, body.points(), body.reference(), caller.store(body.store()), idempotencyKey));
    }

    /** Exactly one key per look-up; the answer is an array, empty when nobody matches. */
    @Operation(summary = "Find members by card, phone, email or external id")
    @GetMapping
    List<Member> find(@RequestParam(required = false) String merchant,
                      @RequestParam(required = false) String card,
                      @RequestParam(required = false) String phone,
                      @RequestParam(required = false) String email,
                      @RequestParam(required = false) String externalId) {
        String m = caller.merchant(merchant);
        return Conflicts.retryIdempotent(() -> findBy(m, card, phone, email, externalId));
    }

    private List<Member> findBy(String m, String card, String phone, String email, String externalId) {
        if (card != null) {
            return members.findByKey(m, MemberKey.CARD, MemberKeys.card(card));
        }
        if (phone != null) {
            String e164 = MemberKeys.phone(phone, "ZZ");
            return e164 == null ? List.of() : members.findByKey(m, MemberKey.PHONE, e164);
        }
        if (email != null) {
            return members.findByKey(m, MemberKey.EMAIL, MemberKeys.email(email));
        }
        if (externalId != null) {
            return members.findByKey(m, MemberKey.EXTERNAL_ID, externalId.trim());
        }
        throw new IllegalArgumentException("give one of card, phone, email or externalId");
    }
}
