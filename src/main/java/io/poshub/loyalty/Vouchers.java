package io.poshub.loyalty;

import io.poshub.common.DomainException;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.poshub.db.Conflicts;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Vouchers (contract §18): a member buys a reward with points — a REDEEM entry and a voucher, once per Idempotency-Key,
 * with the member's row locked so two purchases never overdraw — and a till uses the voucher exactly once, however many
 * tills of however many hubs try at the same moment: the one conditional update that turns it USED decides. Unused, it
 * may be voided and its points come back (a REFUND of its REDEEM); past its day it is expired.
 */
@NamedInterface("api")
@Service
public class Vouchers {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a voucher stands. */
    @NamedInterface("api")
    public enum Status { ISSUED, USED, VOID }

    /** Why a voucher was not taken (a problem answer with this code, {@code approved: false} and the reason). */
    @NamedInterface("api")
    public enum Refusal { VOUCHER_USED, VOUCHER_EXPIRED, VOUCHER_VOID, VOUCHER_UNKNOWN }

    /** A voucher as a till or the back office sees it. */
    @NamedInterface("api")
    @Schema(name = "Voucher")
    public record Voucher(@Schema(example = "V7KQ2M9XPR4T") String voucher, long memberId, @Schema(example = "50OFF") String reward,
                          Rewards.Kind kind, @Schema(example = "50.00") BigDecimal value, @Schema(example = "NOK") String currency,
                          long pointsCost, Status status, Instant issuedAt, Instant expiresAt, Instant usedAt, String usedStore,
                          BigDecimal discount) {
    }

    /** A voucher bought: its code, until when it is good, what it cost, and the member's balance after. */
    @NamedInterface("api")
    @Schema(name = "VoucherIssued")
    public record Issued(@Schema(example = "V7KQ2M9XPR4T") String voucher, Instant expiresAt, long pointsCost, long balance) {
    }

    /** A voucher taken at a till: what it takes off the sale. */
    @NamedInterface("api")
    @Schema(name = "VoucherRedeemed")
    public record Redeemed(@Schema(example = "V7KQ2M9XPR4T") String voucher, boolean approved, @Schema(example = "50.00") BigDecimal discount,
                           String currency) {
    }

    /** A voucher voided: the points given back and the member's balance after. */
    @NamedInterface("api")
    @Schema(name = "VoucherVoided")
    public record Voided(String voucher, long points, long balance) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Rewards rewards;
    private final Ledger ledger;
    private final Clock clock;

    Vouchers(JdbcTemplate jdbc, TransactionTemplate tx, Rewards rewards, Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.rewards = rewards;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The member buys the reward: the first answer to the Idempotency-Key is given again to every replay.
     *
     * @throws NotFound when the merchant has no such active reward for the member's tier
     * @throws DomainException 409 {@code INSUFFICIENT_POINTS} or {@code MEMBER_NOT_ACTIVE}
     */
    public Issued issue(long memberId, String rewardCode, String idempotencyKey) {
        Redemptions.requireKey(idempotencyKey);
        try {
            return Conflicts.retryIdempotent(() -> tx.execute(status -> {
                Map<String, Object> member = jdbc.queryForMap("SELECT status, merchant, tier FROM member WHERE id = ? FOR UPDATE", memberId);
                Optional<Issued> replay = bought(memberId, idempotencyKey);
                if (replay.isPresent()) {
                    return replay.get();
                }
                String merchant = (String) member.get("merchant");
                if (!"ACTIVE".equals(member.get("status"))) {
                    throw new Redemptions.Refused(Redemptions.Refusal.MEMBER_NOT_ACTIVE, "member is "
                            + ((String) member.get("status")).toLowerCase(Locale.ROOT) + "; nothing was bought", null, null,
                            (String) member.get("status")).problem();
                }
                Rewards.Reward reward = rewards.find(merchant, rewardCode).filter(r -> r.active() && Rewards.forTier(r, (String) member.get("tier")))
                        .orElseThrow(() -> new NotFound("merchant " + merchant + " has no reward " + rewardCode + " for this member"));
                long balance = ledger.balance(memberId);
                if (balance < reward.pointsCost()) {
                    throw new Redemptions.Refused(Redemptions.Refusal.INSUFFICIENT_POINTS, "The balance of " + balance
                            + " points is short of the " + reward.pointsCost() + " points " + reward.code() + " costs; nothing was bought.",
                            balance, null, null).problem();
                }
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                String code = newCode();
                // No store on the entry: buying a voucher is no tender of a sale; taking it off a sale is (the day close's, later).
                long entry = ledger.spend(memberId, merchant, reward.pointsCost(), "voucher " + code, null).entryId();
                Instant expires = now.plus(Duration.ofDays(reward.validDays()));
                jdbc.update("""
                        INSERT INTO voucher (code, merchant, member_id, reward_code, kind, value, currency, points_cost, redeem_entry_id,
                                             idempotency_key, status, issued_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ISSUED', ?, ?)
                        """, code, merchant, memberId, reward.code(), reward.kind().name(), reward.value(), reward.currency(),
                        reward.pointsCost(), entry, idempotencyKey, Utc.timestamp(now), Utc.timestamp(expires));
                return new Issued(code, expires, reward.pointsCost(), balance - reward.pointsCost());
            }));
        } catch (DuplicateKeyException raced) {
            // The same key raced in from another request and won: its voucher is the answer.
            return tx.execute(status -> bought(memberId, idempotencyKey)).orElseThrow(() -> raced);
        }
    }

    /** The voucher, for a caller of this merchant (a till sees its own merchant's only). */
    public Optional<Voucher> find(String code, String merchant) {
        return jdbc.query("SELECT * FROM voucher WHERE code = ? AND merchant = ?", Vouchers::voucher, code, merchant).stream().findFirst();
    }

    /** A member's vouchers, oldest first. */
    public List<Voucher> ofMember(long memberId) {
        return jdbc.query("SELECT * FROM voucher WHERE member_id = ? ORDER BY issued_at, id", Vouchers::voucher, memberId);
    }

    /**
     * Takes the voucher off a sale, once: the one update that turns it USED decides between tills racing for it. A till
     * asking again for the same sale (store and reference) is given the same answer.
     *
     * @throws DomainException 409 with the refusal as its code when it is unknown at the merchant, was used or voided, or
     *         is past its day
     */
    public Redeemed redeem(String code, String merchant, String store, String reference, BigDecimal saleAmount) {
        Voucher voucher = find(code, merchant).orElseThrow(() -> new VoucherRefused(code, Refusal.VOUCHER_UNKNOWN));
        BigDecimal discount = discount(voucher, saleAmount);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int taken = Conflicts.retry(() -> jdbc.update("""
                UPDATE voucher SET status = 'USED', used_at = ?, used_store = ?, used_reference = ?, sale_amount = ?, discount = ?, used_on = 'TILL'
                 WHERE code = ? AND merchant = ? AND status = 'ISSUED' AND expires_at > ?
                """, Utc.timestamp(now), store, reference, saleAmount, discount, code, merchant, Utc.timestamp(now)));
        if (taken == 1) {
            return new Redeemed(code, true, discount, voucher.currency());
        }
        Map<String, Object> after = jdbc.queryForMap("SELECT status, used_store, used_reference, discount FROM voucher WHERE code = ?", code);
        String status = (String) after.get("status");
        if ("USED".equals(status) && reference != null && reference.equals(after.get("used_reference")) && store != null
                && store.equals(after.get("used_store"))) {
            return new Redeemed(code, true, (BigDecimal) after.get("discount"), voucher.currency());
        }
        throw new VoucherRefused(code, "USED".equals(status) ? Refusal.VOUCHER_USED : "VOID".equals(status) ? Refusal.VOUCHER_VOID
                : Refusal.VOUCHER_EXPIRED);
    }

    /**
     * Voids an unused voucher: its points come back as a REFUND of the entry that bought it. Voiding it again answers
     * the same.
     *
     * @throws DomainException 409 {@code VOUCHER_USED} once it was used
     */
    public Voided voidVoucher(String code, String merchant) {
        Voucher voucher = find(code, merchant).orElseThrow(() -> new NotFound("no voucher " + code + " at merchant " + merchant));
        return Conflicts.retryIdempotent(() -> tx.execute(status -> {
            jdbc.queryForMap("SELECT id FROM member WHERE id = ? FOR UPDATE", voucher.memberId());
            Map<String, Object> row = jdbc.queryForMap("SELECT status, redeem_entry_id, refund_entry_id FROM voucher WHERE code = ? FOR UPDATE", code);
            if ("VOID".equals(row.get("status"))) {
                return new Voided(code, voucher.pointsCost(), ledger.balance(voucher.memberId()));
            }
            if ("USED".equals(row.get("status"))) {
                throw new VoucherRefused(code, Refusal.VOUCHER_USED);
            }
            long refund = ledger.giveBack(voucher.memberId(), merchant, voucher.pointsCost(), "voucher " + code + " void", null,
                    ((Number) row.get("redeem_entry_id")).longValue()).entryId();
            jdbc.update("UPDATE voucher SET status = 'VOID', voided_at = ?, refund_entry_id = ? WHERE code = ?",
                    Utc.timestamp(clock.instant()), refund, code);
            return new Voided(code, voucher.pointsCost(), ledger.balance(voucher.memberId()));
        }));
    }

    /** A voucher a sales file says paid part of a ticket: its code (the tender's reference), where, when and how much. */
    @NamedInterface("api")
    public record Receipt(String code, String store, String ticket, Instant soldAt, BigDecimal amount) {
    }

    /**
     * Vouchers a sales file names as tenders (mapping key {@code voucherTenders}), in the booking's transaction: one the
     * till did not take through the hub is marked used by the receipt (its tender's amount the discount); one the till
     * took for this same ticket (store and reference) is the same use; one used on another sale, or voided, is used
     * twice — kept on the voucher for the day close. A code the merchant never issued is not the hub's voucher.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void takenOnReceipts(String merchant, List<Receipt> receipts) {
        for (Receipt r : receipts) {
            int marked = jdbc.update("""
                    UPDATE voucher SET status = 'USED', used_at = ?, used_store = ?, used_reference = ?, discount = ?, used_on = 'RECEIPT'
                     WHERE code = ? AND merchant = ? AND status = 'ISSUED'
                    """, Utc.timestamp(r.soldAt()), r.store(), r.ticket(), r.amount(), r.code(), merchant);
            if (marked == 1) {
                continue;
            }
            jdbc.query("SELECT status, used_store, used_reference FROM voucher WHERE code = ? AND merchant = ? FOR UPDATE", rs -> {
                boolean sameUse = "USED".equals(rs.getString(1)) && r.store().equals(rs.getString(2)) && r.ticket().equals(rs.getString(3));
                if (!sameUse) {
                    String where = "store " + r.store() + " ticket " + r.ticket();
                    jdbc.update("""
                            UPDATE voucher SET used_twice = ?, used_twice_store = ?, used_twice_at = ?
                             WHERE code = ? AND merchant = ? AND used_twice IS NULL
                            """, ("VOID".equals(rs.getString(1)) ? "voided, then taken on " : "taken again on ") + where, r.store(),
                            Utc.timestamp(r.soldAt()), r.code(), merchant);
                }
            }, r.code(), merchant);
        }
    }

    /** What the voucher takes off a sale of this amount: never more than the sale. */
    static BigDecimal discount(Voucher voucher, BigDecimal saleAmount) {
        if (saleAmount == null || saleAmount.signum() < 0 || saleAmount.scale() > 2) {
            throw new InvalidField("saleAmount", "saleAmount is required: the sale's amount, 0 or more, at most 2 decimals");
        }
        BigDecimal off = switch (voucher.kind()) {
            case AMOUNT, ITEM -> voucher.value();
            case PERCENT -> saleAmount.multiply(voucher.value()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        };
        return off.min(saleAmount).setScale(2, RoundingMode.HALF_UP);
    }

    private Optional<Issued> bought(long memberId, String key) {
        return jdbc.query("SELECT code, expires_at, points_cost FROM voucher WHERE member_id = ? AND idempotency_key = ?",
                        (rs, n) -> new Issued(rs.getString(1), Utc.instant(rs.getTimestamp(2)), rs.getLong(3), ledger.balance(memberId)),
                        memberId, key).stream().findFirst();
    }

    private static String newCode() {
        char[] code = new char[12];
        code[0] = 'V';
        for (int i = 1; i < code.length; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    private static Voucher voucher(ResultSet rs, int row) throws SQLException {
        return new Voucher(rs.getString("code"), rs.getLong("member_id"), rs.getString("reward_code"),
                Rewards.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("value"), rs.getString("currency"), rs.getLong("points_cost"),
                Status.valueOf(rs.getString("status")), Utc.instant(rs.getTimestamp("issued_at")), Utc.instant(rs.getTimestamp("expires_at")),
                Utc.instant(rs.getTimestamp("used_at")), rs.getString("used_store"), rs.getBigDecimal("discount"));
    }

    /** A voucher that cannot be taken: 409 with the refusal as its code, {@code approved: false}. */
    private static final class VoucherRefused extends DomainException {
        VoucherRefused(String code, Refusal refusal) {
            super(Kind.CONFLICT, switch (refusal) {
                case VOUCHER_USED -> "Voucher used";
                case VOUCHER_EXPIRED -> "Voucher expired";
                case VOUCHER_VOID -> "Voucher voided";
                case VOUCHER_UNKNOWN -> "Unknown voucher";
            }, refusal.name(), "voucher " + code + " cannot be taken: " + refusal.name().substring(8).toLowerCase(Locale.ROOT), null);
            detail("approved", false);
            detail("reason", refusal.name());
        }
    }
}
