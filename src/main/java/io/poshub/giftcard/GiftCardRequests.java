package io.poshub.giftcard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.InvalidField;
import io.poshub.db.Conflicts;
import io.poshub.giftcard.GiftCardAnswers.Decline;
import io.poshub.giftcard.GiftCardAnswers.Outcome;
import io.poshub.giftcard.GiftCardAnswers.Reason;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code gift_card_request} table: each money call's first outcome per card and Idempotency-Key, kept in the
 * call's own transaction and given again to every replay, which moves nothing.
 */
@Component
class GiftCardRequests {

    private final GiftCardLedger ledger;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    GiftCardRequests(GiftCardLedger ledger, JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, MeterRegistry meters) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.meters = meters;
    }

    /**
     * Runs {@code work} once per card and Idempotency-Key with the card's row locked (or, before its activation, its
     * place in the unique key): a replay gets the first answer. The answer is counted for
     * {@code poshub_gift_card_operations_total}.
     */
    Outcome once(String type, String merchant, String number, String key, Function<Optional<GiftCardLedger.Card>, Outcome> work) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw new InvalidField("Idempotency-Key", "an Idempotency-Key header (1-100 characters) is required, so a retry never counts twice");
        }
        // Two first activations of one number both lock its gap, or two nodes of a Galera cluster touch one card: the one
        // chosen to give way is rolled back and tries again; so does one whose database node went away.
        Outcome outcome = Conflicts.retryIdempotent(() -> attempt(type, merchant, number, key, work));
        counter(type, outcome instanceof Decline ? "declined" : "approved").increment();
        return outcome;
    }

    private Outcome attempt(String type, String merchant, String number, String key,
                            Function<Optional<GiftCardLedger.Card>, Outcome> work) {
        Outcome outcome;
        try {
            outcome = tx.execute(status -> {
                Optional<GiftCardLedger.Card> card = ledger.lock(merchant, number);
                Outcome replay = stored(type, merchant, number, key);
                if (replay != null) {
                    return replay;
                }
                Outcome first = work.apply(card);
                jdbc.update("INSERT INTO gift_card_request (merchant, number, idempotency_key, declined, body) VALUES (?, ?, ?, ?, ?)",
                        merchant, number, key, first instanceof Decline, write(first));
                return first;
            });
        } catch (DuplicateKeyException raced) {
            // The same key (or, for an activation, the same number) raced in and won: its answer, or a decline.
            outcome = tx.execute(status -> stored(type, merchant, number, key));
            if (outcome == null) {
                outcome = new Decline(false, Reason.ALREADY_ACTIVATED, "card " + GiftCards.masked(number) + " was already activated", null);
            }
        }
        return outcome;
    }

    private Counter counter(String type, String outcome) {
        return Counter.builder("poshub.gift.card.operations").description("Gift card calls by type and outcome")
                .tag("type", type).tag("outcome", outcome).register(meters);
    }

    /** The outcome first given to this key: a decline, else what the call's type answers (a state or an approval). */
    private Outcome stored(String type, String merchant, String number, String key) {
        Class<? extends Outcome> success = List.of("ACTIVATE", "DEACTIVATE").contains(type) ? GiftCardAnswers.State.class
                : GiftCardAnswers.Approval.class;
        List<Outcome> found = jdbc.query("""
                SELECT declined, body FROM gift_card_request WHERE merchant = ? AND number = ? AND idempotency_key = ?
                """, (rs, n) -> read(rs.getString(2), rs.getBoolean(1) ? Decline.class : success), merchant, number, key);
        return found.isEmpty() ? null : found.get(0);
    }

    private Outcome read(String body, Class<? extends Outcome> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored gift card answer cannot be read as " + type.getSimpleName(), e);
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
