package io.poshub.loyalty;

import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rewards and vouchers (contract §18): the catalogue for admins; for tills, what a member can afford, a voucher bought
 * with points, a voucher looked up, taken off a sale once, or voided with its points given back.
 */
@Tag(name = "Rewards")
@RestController
class RewardController {

    private final Rewards rewards;
    private final Vouchers vouchers;
    private final Caller caller;

    RewardController(Rewards rewards, Vouchers vouchers, Caller caller) {
        this.rewards = rewards;
        this.vouchers = vouchers;
        this.caller = caller;
    }

    /** A voucher taken off a sale: the store, the till's reference of the sale, and the sale's amount. */
    @Schema(name = "VoucherUse")
    record Use(@Schema(example = "001") String store, @Schema(example = "receipt 4711") String reference,
               @Schema(example = "249.00") BigDecimal saleAmount) {
    }

    @Operation(summary = "The merchant's rewards catalogue")
    @GetMapping("/api/rewards")
    List<Rewards.Reward> list(@RequestParam(required = false) String merchant) {
        return rewards.list(caller.merchant(merchant));
    }

    @Operation(summary = "Add a reward to the catalogue")
    @PostMapping(path = "/api/rewards", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Rewards.Reward> add(@RequestParam(required = false) String merchant, @RequestBody Rewards.Reward reward) {
        String m = caller.merchant(merchant);
        if (reward.code() != null && rewards.find(m, reward.code()).isPresent()) {
            throw new io.poshub.common.Conflict("merchant " + m + " has a reward " + reward.code() + " already; PUT changes it");
        }
        Rewards.Reward added = rewards.put(m, reward.code(), reward);
        return ResponseEntity.created(URI.create("/api/rewards/" + added.code())).body(added);
    }

    @Operation(summary = "Add or change a reward")
    @PutMapping(path = "/api/rewards/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Rewards.Reward put(@PathVariable String code, @RequestParam(required = false) String merchant, @RequestBody Rewards.Reward reward) {
        return rewards.put(caller.merchant(merchant), code, reward);
    }

    @Operation(summary = "The rewards a member can buy now, cheapest first")
    @GetMapping("/api/members/{id}/rewards")
    List<Rewards.Reward> affordable(@PathVariable long id) {
        Rewards.ForMember found = rewards.affordableFor(id);
        requireVisible(id, found.merchant());
        return found.rewards();
    }

    @Operation(summary = "A member's vouchers, oldest first")
    @GetMapping("/api/members/{id}/vouchers")
    List<Vouchers.Voucher> vouchersOf(@PathVariable long id) {
        requireVisible(id, rewards.merchantOf(id));
        return vouchers.ofMember(id);
    }

    @Operation(summary = "Buy a reward with points: a voucher, once per Idempotency-Key")
    @PostMapping(path = "/api/members/{id}/rewards/{code}/vouchers")
    @ResponseStatus(HttpStatus.CREATED)
    Vouchers.Issued buy(@PathVariable long id, @PathVariable String code,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        requireVisible(id, rewards.merchantOf(id));
        return vouchers.issue(id, code, idempotencyKey);
    }

    /** Another merchant's member is, to a till, no member at all. */
    private void requireVisible(long memberId, String merchant) {
        if (!caller.maySee(merchant)) {
            throw new NotFound("no member with id " + memberId);
        }
    }

    @Operation(summary = "A voucher")
    @GetMapping("/api/vouchers/{voucher}")
    Vouchers.Voucher voucher(@PathVariable String voucher, @RequestParam(required = false) String merchant) {
        return vouchers.find(voucher, caller.merchant(merchant)).orElseThrow(() -> new NotFound("no voucher " + voucher));
    }

    @Operation(summary = "Take a voucher off a sale, exactly once")
    @PostMapping(path = "/api/vouchers/{voucher}/redeem", consumes = MediaType.APPLICATION_JSON_VALUE)
    Vouchers.Redeemed redeem(@PathVariable String voucher, @RequestParam(required = false) String merchant, @RequestBody Use body) {
        String store = caller.store(body.store());
        if (store == null) {
            throw new InvalidField("store", "store is required");
        }
        return vouchers.redeem(voucher, caller.merchant(merchant), store, body.reference(), body.saleAmount());
    }

    @Operation(summary = "Void an unused voucher: its points come back")
    @PostMapping("/api/vouchers/{voucher}/void")
    Vouchers.Voided voidVoucher(@PathVariable String voucher, @RequestParam(required = false) String merchant) {
        return vouchers.voidVoucher(voucher, caller.merchant(merchant));
    }
}
