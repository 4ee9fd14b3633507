package io.poshub.giftcard;

import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.db.Conflicts;
import io.poshub.giftcard.GiftCardAnswers.Decline;
import io.poshub.giftcard.GiftCardAnswers.Outcome;
import io.poshub.giftcard.GiftCardAnswers.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The till's gift card calls (contract §12): activate, load, redeem, refund, deactivate (moving the balance to a new
 * card), reactivate. Each money call runs once per Idempotency-Key with the card's row locked, so concurrent calls
 * never spend what is not there and a replay gets the first answer and moves nothing. A decline is an outcome too
 * ({@link Decline}: the till switches on its reason), kept like an approval.
 */
@Service
public class GiftCards {

    private static final Logger log = LoggerFactory.getLogger(GiftCards.class);

    private final GiftCardLedger ledger;
    private final GiftCardRequests requests;
    private final TransactionTemplate tx;
    private final GiftCardProperties properties;
    private final GiftCardAuthorizations authorizations;
    private final CardRanges ranges;

    GiftCards(GiftCardLedger ledger, GiftCardRequests requests, TransactionTemplate tx, GiftCardProperties properties,
              GiftCardAuthorizations authorizations, CardRanges ranges) {
        this.ranges = ranges;
        this.ledger = ledger;
        this.requests = requests;
        this.tx = tx;
        this.properties = properties;
        this.authorizations = authorizations;
    }

    /**
     * What a money call asks; {@code amount} in minor units of the card's currency; {@code authCode} when the till
     * posts an operation the help desk authorized while it was offline.
     */
    public record Operation(long amount, String currency, String store, String reference, boolean allowPartial, String authCode) {

        boolean forced() {
            return authCode != null && !authCode.isBlank();
        }
    }

    /** The number as given without spaces, its form checked (digits, check digit). */
    public String number(String raw) {
        return GiftCardNumbers.check(raw, properties.checkDigit());
    }

    /**
     * The number as given without spaces, its form checked and within the merchant's gift card ranges (contract §19).
     *
     * @throws io.poshub.cards.CardOutOfRange when the merchant has gift card ranges and it lies in none
     */
    public String number(String merchant, String raw) {
        String number = number(raw);
        ranges.check(merchant, CardKind.GIFT, number);
        return number;
    }

    public Outcome activate(String merchant, String rawNumber, Operation op, String idempotencyKey) {
        String number = number(merchant, rawNumber);
        if (op.amount() < 0) {
            throw new InvalidField("amount", "amount must be zero or more (minor units)");
        }
        if (op.currency() == null || !op.currency().matches("[A-Za-z]{3}")) {
            throw new InvalidField("currency", "currency must be a three-letter code, like NOK");
        }
        return requests.once("ACTIVATE", merchant, number, idempotencyKey, card -> {
            if (card.isPresent()) {
                return declined(Reason.ALREADY_ACTIVATED, "card " + masked(number) + " was already activated", card.get());
            }
            Optional<Decline> refused = authorized(merchant, number, "ACTIVATE", op);
            if (refused.isPresent()) {
                return refused.get();
            }
            GiftCardLedger.Card opened = ledger.open(merchant, number, op.currency().toUpperCase(Locale.ROOT), op.store());
            GiftCardLedger.Card after = ledger.record(opened, "ACTIVATE", op.amount(), op.store(), op.reference(), code(op), op.forced());
            return GiftCardAnswers.State.of(after);
        });
    }

    public Outcome load(String merchant, String rawNumber, Operation op, String idempotencyKey) {
        String number = number(merchant, rawNumber);
        positive(op.amount());
        return requests.once("LOAD", merchant, number, idempotencyKey, found -> usable(number, found)
                .or(() -> authorized(merchant, number, "LOAD", op)).map(Outcome.class::cast).orElseGet(() -> {
                    GiftCardLedger.Card after = ledger.record(found.get(), "LOAD", op.amount(), op.store(), op.reference(), code(op), op.forced());
                    return approved(after, null, null);
                }));
    }

    /** Spends from the card; short of money it declines, or with {@code allowPartial} spends what there is and says so. */
    public Outcome redeem(String merchant, String rawNumber, Operation op, String idempotencyKey) {
        String number = number(merchant, rawNumber);
        positive(op.amount());
        return requests.once("REDEEM", merchant, number, idempotencyKey, found -> usable(number, found)
                .or(() -> authorized(merchant, number, "REDEEM", op)).map(Outcome.class::cast).orElseGet(() -> {
            // A forced redemption's hold was released just now for it to book against: read the card again then.
            GiftCardLedger.Card card = op.forced() ? ledger.lock(merchant, number).orElseThrow() : found.get();
            long available = card.available();
            long redeemed = Math.min(op.amount(), available);
            if (redeemed < op.amount() && (!op.allowPartial() || available == 0)) {
                return declined(Reason.INSUFFICIENT_BALANCE, "the balance of " + available + " is short of the " + op.amount() + " asked", card);
            }
            GiftCardLedger.Card after = ledger.record(card, "REDEEM", -redeemed, op.store(), op.reference(), code(op), op.forced());
            return approved(after, redeemed, redeemed < op.amount());
        }));
    }

    /** Value back onto the card: a return paid by gift card. */
    public Outcome refund(String merchant, String rawNumber, Operation op, String idempotencyKey) {
        String number = number(merchant, rawNumber);
        positive(op.amount());
        return requests.once("REFUND", merchant, number, idempotencyKey, found -> usable(number, found).map(Outcome.class::cast).orElseGet(() -> {
            GiftCardLedger.Card after = ledger.record(found.get(), "REFUND", op.amount(), op.store(), op.reference(), null, false);
            return approved(after, null, null);
        }));
    }

    /**
     * A lost or stolen card becomes INACTIVE; with {@code transferTo} what it holds moves to that card — activating it
     * when it never was — in the same transaction. Both cards are locked, the lower number first.
     */
    public Outcome deactivate(String merchant, String rawNumber, String reason, String rawTransferTo, String idempotencyKey) {
        String number = number(merchant, rawNumber);
        if (reason == null || !List.of("LOST", "STOLEN", "OTHER").contains(reason.toUpperCase(Locale.ROOT))) {
            throw new InvalidField("reason", "reason must be LOST, STOLEN or OTHER");
        }
        String to = rawTransferTo == null || rawTransferTo.isBlank() ? null : number(merchant, rawTransferTo);
        if (number.equals(to)) {
            throw new InvalidField("transferTo", "a card cannot move its balance to itself");
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? "deactivate" : idempotencyKey;
        return requests.once("DEACTIVATE", merchant, number, key, found -> {
            if (to != null && to.compareTo(number) < 0) {
                // Lock order by number: the target first when it sorts first (the card itself is locked already).
                ledger.lock(merchant, to);
            }
            Optional<Decline> problem = usable(number, found);
            if (problem.isPresent()) {
                return problem.get();
            }
            GiftCardLedger.Card from = found.get();
            GiftCardLedger.Card card = from;
            if (to != null) {
                Optional<GiftCardLedger.Card> target = ledger.lock(merchant, to);
                if (target.isPresent() && target.get().state() != CardState.ACTIVE) {
                    return declined(Reason.TARGET_INACTIVE, "card " + masked(to) + " is inactive and cannot take the balance", from);
                }
                if (target.isPresent() && !target.get().currency().equals(from.currency())) {
                    return declined(Reason.CURRENCY_MISMATCH, "card " + masked(to) + " holds " + target.get().currency() + ", not " + from.currency(), from);
                }
                GiftCardLedger.Card into = target.orElseGet(() -> ledger.record(ledger.open(merchant, to, from.currency(), from.store()),
                        "ACTIVATE", 0, from.store(), "transfer from " + masked(number), null, false));
                long moving = card.available();
                card = ledger.record(card, "TRANSFER_OUT", -moving, null, "to " + masked(to), null, false);
                ledger.record(into, "TRANSFER_IN", moving, null, "from " + masked(number), null, false);
            }
            card = ledger.record(card, "DEACTIVATE", 0, null, reason.toUpperCase(Locale.ROOT), null, false);
            card = ledger.setState(card, CardState.INACTIVE, reason.toUpperCase(Locale.ROOT));
            log.info("Gift card {} deactivated ({}){}", masked(number), reason, to == null ? "" : ", balance moved to " + masked(to));
            return GiftCardAnswers.State.of(card);
        });
    }

    /** An INACTIVE card is usable again (admin). */
    public Outcome reactivate(String merchant, String rawNumber) {
        String number = number(merchant, rawNumber);
        return tx.execute(status -> {
            GiftCardLedger.Card card = ledger.lock(merchant, number)
                    .orElseThrow(() -> new NotFound("no gift card " + masked(number)));
            if (card.state() == CardState.ACTIVE) {
                return GiftCardAnswers.State.of(card);
            }
            card = ledger.record(card, "REACTIVATE", 0, null, null, null, false);
            return GiftCardAnswers.State.of(ledger.setState(card, CardState.ACTIVE, null));
        });
    }

    /** The card with its last 10 activities. */
    public GiftCardAnswers.Detail get(String merchant, String rawNumber) {
        String number = number(merchant, rawNumber);
        // Reads only: run again when the database node went away under them (a till checking a balance waits, not fails).
        return Conflicts.retryIdempotent(() -> {
            GiftCardLedger.Card card = ledger.find(merchant, number).orElseThrow(() -> new NotFound("no gift card " + masked(number)));
            return new GiftCardAnswers.Detail(card.number(), card.state(), card.currency(), card.balance(), card.available(),
                    ledger.activities(card.id(), 10, 0));
        });
    }

    /** A merchant's cards (admin), newest first: state and store as filters, a page at a time. */
    public List<GiftCardAnswers.Listing> list(String merchant, String state, String store, int limit, long offset) {
        page(limit, offset);
        CardState wanted;
        try {
            wanted = state == null || state.isBlank() ? null : CardState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidField("state", "state must be ACTIVE or INACTIVE");
        }
        return ledger.all(merchant, wanted, store == null || store.isBlank() ? null : store.trim(), limit, offset).stream()
                .map(GiftCardAnswers.Listing::of).toList();
    }

    /** A card's activities (admin), newest first, a page at a time. */
    public List<GiftCardLedger.Activity> activities(String merchant, String rawNumber, int limit, long offset) {
        page(limit, offset);
        String number = number(merchant, rawNumber);
        GiftCardLedger.Card card = ledger.find(merchant, number).orElseThrow(() -> new NotFound("no gift card " + masked(number)));
        return ledger.activities(card.id(), limit, offset);
    }

    private static void page(int limit, long offset) {
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw new InvalidField("limit", "limit must be 1 to 1000 and offset 0 or more");
        }
    }

    /** For an operation posted with a code: why the code cannot be used for it, if it cannot (it is used otherwise). */
    private Optional<Decline> authorized(String merchant, String number, String type, Operation op) {
        return op.forced() ? authorizations.use(merchant, number, type, op.amount(), op.authCode()) : Optional.empty();
    }

    private static String code(Operation op) {
        return op.forced() ? op.authCode().trim().toUpperCase(Locale.ROOT) : null;
    }

    /** Why the card cannot take money now, if it cannot. */
    private static Optional<Decline> usable(String number, Optional<GiftCardLedger.Card> card) {
        if (card.isEmpty()) {
            return Optional.of(new Decline(false, Reason.NOT_ACTIVATED, "card " + masked(number) + " was never activated", null));
        }
        if (card.get().state() != CardState.ACTIVE) {
            return Optional.of(new Decline(false, Reason.CARD_INACTIVE, "card " + masked(number) + " is inactive", card.get().balance()));
        }
        return Optional.empty();
    }

    private static Decline declined(Reason reason, String detail, GiftCardLedger.Card card) {
        return new Decline(false, reason, detail, card.balance());
    }

    private static GiftCardAnswers.Approval approved(GiftCardLedger.Card card, Long redeemed, Boolean partial) {
        return new GiftCardAnswers.Approval(true, redeemed, partial, card.balance(), card.currency());
    }

    private static void positive(long amount) {
        if (amount <= 0) {
            throw new InvalidField("amount", "amount must be a positive whole number of minor units");
        }
    }

    static String masked(String number) {
        return "****" + number.substring(number.length() - 4);
    }
}
