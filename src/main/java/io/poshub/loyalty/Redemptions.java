package io.poshub.loyalty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.common.DomainException;
import io.poshub.common.InvalidField;
import io.poshub.common.StoreActivity;
import io.poshub.db.Conflicts;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spending points: a negative REDEEM entry, refused when the balance is short; and giving them back, a REFUND
 * entry naming its redemption. The member's row is locked while the balance is read and the entry written, so
 * concurrent requests never overdraw. The first answer to an Idempotency-Key is kept and given again to every
 * replay, which books nothing.
 */
@NamedInterface("api")
@Service
public class Redemptions {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final Ledger ledger;

    public Redemptions(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, ApplicationEventPublisher events, Ledger ledger) {
        this.events = events;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /** What a redemption or its refund comes to; the first outcome per Idempotency-Key is kept and given again. */
    @NamedInterface("api")
    public sealed interface Outcome permits Redeemed, Refunded, Adjusted, Refused {
    }

    /** A redemption booked: its points entry, and the balance after it. */
    @NamedInterface("api")
    @Schema(name = "Redemption")
    public record Redeemed(@Schema(example = "912") long entryId, @Schema(example = "60") long memberId, @Schema(example = "200") long points,
                           @Schema(example = "receipt 4711") String reference, @Schema(example = "1340") long balance) implements Outcome {
    }

    /** Points of a redemption given back: the refund's entry, the redemption it belongs to, and the balance after it. */
    @NamedInterface("api")
    @Schema(name = "RedemptionRefund")
    public record Refunded(@Schema(example = "913") long entryId, @Schema(example = "912") long refundOf,
                           @Schema(example = "200") long points, @Schema(example = "1540") long balance) implements Outcome {
    }

    /** Points an admin added or took away: the entry, and the balance after it. */
    @NamedInterface("api")
    @Schema(name = "PointsAdjustment")
    public record Adjusted(@Schema(example = "914") long entryId, @Schema(example = "60") long memberId,
                           @Schema(example = "-50", description = "more than 0 adds points, less than 0 takes them") long points,
                           @Schema(example = "goodwill, case 4411") String reference, @Schema(example = "1290") long balance) implements Outcome {
    }

    /** Why nothing was booked; each is a problem answer with this code. */
    @NamedInterface("api")
    public enum Refusal {
        /** The balance is short of the points asked ({@code balance} says what there is). */
        INSUFFICIENT_POINTS,
        /** A refund asks more than is left of its redemption ({@code left} says what is). */
        REFUND_EXCEEDS_REDEMPTION,
        /** The member is INACTIVE or MERGED ({@code memberStatus}). */
        MEMBER_NOT_ACTIVE,
        /** The member has no redemption with that id. */
        REDEMPTION_NOT_FOUND
    }

    /** Nothing booked, and why; the figures a till shows with it, where the refusal has them. */
    @NamedInterface("api")
    public record Refused(Refusal refusal, String detail, Long balance, Long left, String memberStatus) implements Outcome {

        /** The refusal as the web edge answers it: a problem with the refusal as its code and its figures beside. */
        public DomainException problem() {
            return new RefusedProblem(this);
        }
    }

    private static final class RefusedProblem extends DomainException {

        RefusedProblem(Refused refused) {
            super(refused.refusal() == Refusal.REDEMPTION_NOT_FOUND ? Kind.NOT_FOUND : Kind.CONFLICT, switch (refused.refusal()) {
                case INSUFFICIENT_POINTS -> "Balance too low";
                case REFUND_EXCEEDS_REDEMPTION -> "Refund exceeds the redemption";
                case MEMBER_NOT_ACTIVE -> "Member is " + refused.memberStatus().toLowerCase(Locale.ROOT);
                case REDEMPTION_NOT_FOUND -> "No such redemption";
            }, refused.refusal().name(), refused.detail(), null);
            if (refused.balance() != null) {
                detail("balance", refused.balance());
            }
            if (refused.left() != null) {
                detail("left", refused.left());
            }
            if (refused.memberStatus() != null) {
                detail("memberStatus", refused.memberStatus());
            }
        }
    }

    /** How a kept outcome is named in {@code redemption_request.outcome}. */
    private static final Map<String, Class<? extends Outcome>> KEPT_AS = Map.of(
            "REDEEMED", Redeemed.class, "REFUNDED", Refunded.class, "ADJUSTED", Adjusted.class, "REFUSED", Refused.class);

    public Outcome redeem(long memberId, long points, String reference, String store, String idempotencyKey) {
        if (points <= 0) {
            throw new InvalidField("points", "points must be a positive whole number");
        }
        return once(memberId, idempotencyKey, merchant -> {
            long balance = ledger.balance(memberId);
            if (balance < points) {
                return new Refused(Refusal.INSUFFICIENT_POINTS, "The balance of " + balance + " points is short of the " + points
                        + " points asked; nothing was redeemed.", balance, null, null);
            }
            Ledger.Booked booked = ledger.spend(memberId, merchant, points, reference, store);
            storeMoved(merchant, store);
            return new Redeemed(booked.entryId(), memberId, points, reference == null ? "" : reference, booked.balance());
        });
    }

    /**
     * An admin's adjustment (customer service, an opening balance, a correction): {@code points} more than 0 adds them,
     * less than 0 takes them — never more than the balance.
     */
    public Outcome adjust(long memberId, long points, String reference, String idempotencyKey) {
        if (points == 0) {
            throw new InvalidField("points", "points must be a whole number other than 0");
        }
        if (reference == null || reference.isBlank() || reference.length() > 100) {
            throw new InvalidField("reference", "reference is required (1-100 characters): why the points change");
        }
        return once(memberId, idempotencyKey, merchant -> {
            long balance = ledger.balance(memberId);
            if (points < 0 && balance < -points) {
                return new Refused(Refusal.INSUFFICIENT_POINTS, "The balance of " + balance + " points is short of the " + -points
                        + " points to take; nothing was changed.", balance, null, null);
            }
            Ledger.Booked booked = ledger.adjust(memberId, merchant, points, reference);
            return new Adjusted(booked.entryId(), memberId, points, reference, booked.balance());
        });
    }

    /**
     * Gives points of a redemption back ("refund to Aura"): {@code points}, or when null all that is left of it. The
     * refunds of one redemption never add up to more than it took.
     */
    public Outcome refund(long memberId, long redemptionId, Long points, String reference, String store, String idempotencyKey) {
        if (points != null && points <= 0) {
            throw new InvalidField("points", "points must be a positive whole number");
        }
        return once(memberId, idempotencyKey, merchant -> {
            Long taken = jdbc.queryForList("SELECT -delta FROM points_entry WHERE id = ? AND member_id = ? AND reason = 'REDEEM'",
                    Long.class, redemptionId, memberId).stream().findFirst().orElse(null);
            if (taken == null) {
                return new Refused(Refusal.REDEMPTION_NOT_FOUND, "member " + memberId + " has no redemption " + redemptionId, null,
                        null, null);
            }
            long refunded = jdbc.queryForObject("SELECT COALESCE(SUM(delta), 0) FROM points_entry WHERE member_id = ? AND refund_of = ?",
                    Long.class, memberId, redemptionId);
            long left = taken - refunded;
            long giving = points == null ? left : points;
            if (giving > left || giving == 0) {
                return new Refused(Refusal.REFUND_EXCEEDS_REDEMPTION, "Redemption " + redemptionId + " took " + taken + " points and "
                        + refunded + " are refunded already: " + left + " can be refunded, not " + giving + ".", null, left, null);
            }
            Ledger.Booked booked = ledger.giveBack(memberId, merchant, giving, reference, store, redemptionId);
            storeMoved(merchant, store);
            return new Refunded(booked.entryId(), redemptionId, giving, booked.balance());
        });
    }

    /**
     * Runs {@code work} once per member and Idempotency-Key, with the member's row locked: the first answer is kept
     * and given again to every replay. A member that is not ACTIVE takes no points and gives none (409, not kept).
     */
    private Outcome once(long memberId, String idempotencyKey, Function<String, Outcome> work) {
        requireKey(idempotencyKey);
        try {
            // A deadlock or a Galera certification conflict rolls the whole transaction back: it runs again; so does one
            // whose database node went away (the key stored with the work tells whether it had committed).
            return Conflicts.retryIdempotent(() -> tx.execute(status -> {
                // Lock first: InnoDB's snapshot starts at the first plain read, so everything read after the
                // lock sees what the request before us committed.
                Map<String, Object> member = jdbc.queryForMap("SELECT status, merchant FROM member WHERE id = ? FOR UPDATE", memberId);
                String state = (String) member.get("status");
                Outcome replay = stored(memberId, idempotencyKey);
                if (replay != null) {
                    return replay;
                }
                if (!"ACTIVE".equals(state)) {
                    return new Refused(Refusal.MEMBER_NOT_ACTIVE, "member is " + state.toLowerCase(Locale.ROOT) + "; nothing was booked",
                            null, null, state);
                }
                Outcome outcome = work.apply((String) member.get("merchant"));
                jdbc.update("INSERT INTO redemption_request (member_id, idempotency_key, outcome, body) VALUES (?, ?, ?, ?)",
                        memberId, idempotencyKey, kind(outcome), write(outcome));
                return outcome;
            }));
        } catch (DuplicateKeyException e) {
            // The same key raced in from another request and won: its answer is the answer.
            return tx.execute(status -> stored(memberId, idempotencyKey));
        }
    }

    /** A spending of points must name its Idempotency-Key (1-100 characters), so a retry never counts twice. */
    static void requireKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 100) {
            throw new InvalidField("Idempotency-Key", "an Idempotency-Key header (1-100 characters) is required, so a retry never counts twice");
        }
    }

    /** A redemption or refund made at a store counts in that store's day close (points tenders). */
    private void storeMoved(String merchant, String store) {
        if (store != null) {
            events.publishEvent(StoreActivity.movement(merchant, store, Instant.now()));
        }
    }

    private Outcome stored(long memberId, String key) {
        List<Outcome> found = jdbc.query("SELECT outcome, body FROM redemption_request WHERE member_id = ? AND idempotency_key = ?",
                (rs, n) -> read(rs.getString(2), KEPT_AS.get(rs.getString(1))), memberId, key);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String kind(Outcome outcome) {
        return KEPT_AS.entrySet().stream().filter(e -> e.getValue() == outcome.getClass()).findFirst().orElseThrow().getKey();
    }

    private Outcome read(String body, Class<? extends Outcome> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored redemption answer cannot be read as " + type.getSimpleName(), e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
