package io.poshub.giftcard;

import io.poshub.common.StoreActivity;
import io.poshub.common.Utc;
import io.poshub.db.Inserts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code gift_card} and {@code gift_card_activity} tables, in the caller's transaction. Every change of a card is
 * one appended activity and the card's balance moved by exactly its amount, with the card's row locked: the balance
 * is always the sum of the activities.
 */
@Repository
class GiftCardLedger {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    GiftCardLedger(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
    }

    /** A card as its locked row holds it. */
    record Card(long id, String merchant, String number, String currency, CardState state, long balance, long held, String store,
                Instant activatedAt) {

        long available() {
            return balance - held;
        }
    }

    /** One activity as the API shows it. */
    record Activity(long id, String type, long amount, long balanceAfter, String store, String reference, String authCode,
                    boolean forced, Instant createdAt) {
    }

    /** The card, locked for this transaction (a locking read also sees what committed after the snapshot began). */
    Optional<Card> lock(String merchant, String number) {
        return jdbc.query("SELECT * FROM gift_card WHERE merchant = ? AND number = ? FOR UPDATE", GiftCardLedger::card,
                merchant, number).stream().findFirst();
    }

    Optional<Card> find(String merchant, String number) {
        return jdbc.query("SELECT * FROM gift_card WHERE merchant = ? AND number = ?", GiftCardLedger::card, merchant, number)
                .stream().findFirst();
    }

    /** A new card, ACTIVE with a zero balance; its first activity comes next. */
    Card open(String merchant, String number, String currency, String store) {
        jdbc.update("INSERT INTO gift_card (merchant, number, currency, state, store) VALUES (?, ?, ?, 'ACTIVE', ?)",
                merchant, number, currency, store);
        return lock(merchant, number).orElseThrow();
    }

    /** Appends an activity and moves the balance by its amount; answers the card after it. */
    Card record(Card card, String type, long amount, String store, String reference, String authCode, boolean forced) {
        long after = card.balance() + amount;
        if (after < 0) {
            throw new IllegalStateException("a gift card's balance never goes below zero");
        }
        long activity = Inserts.returningKey(jdbc, """
                INSERT INTO gift_card_activity (gift_card_id, type, amount, balance_after, store, reference, auth_code, forced)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, card.id(), type, amount, after, store, reference, authCode, forced);
        events.publishEvent(new GiftCardsMoved(List.of(activity)));
        jdbc.update("UPDATE gift_card SET balance = ? WHERE id = ?", after, card.id());
        if (store != null && (type.equals("REDEEM") || type.equals("REFUND"))) {
            events.publishEvent(StoreActivity.movement(card.merchant(), store, Instant.now()));
        }
        return new Card(card.id(), card.merchant(), card.number(), card.currency(), card.state(), after, card.held(), card.store(),
                card.activatedAt());
    }

    Card setState(Card card, CardState state, String reason) {
        jdbc.update("UPDATE gift_card SET state = ?, deactivated_reason = ? WHERE id = ?", state.name(), reason, card.id());
        return new Card(card.id(), card.merchant(), card.number(), card.currency(), state, card.balance(), card.held(), card.store(),
                card.activatedAt());
    }

    /** A merchant's cards, newest first; state and store are optional filters. */
    List<Card> all(String merchant, CardState state, String store, int limit, long offset) {
        StringBuilder sql = new StringBuilder("SELECT * FROM gift_card WHERE merchant = ?");
        List<Object> args = new ArrayList<>(List.of(merchant));
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (store != null) {
            sql.append(" AND store = ?");
            args.add(store);
        }
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql.toString(), GiftCardLedger::card, args.toArray());
    }

    /** The newest activities first. */
    List<Activity> activities(long cardId, int limit, long offset) {
        return jdbc.query("SELECT * FROM gift_card_activity WHERE gift_card_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                (rs, n) -> new Activity(rs.getLong("id"), rs.getString("type"), rs.getLong("amount"), rs.getLong("balance_after"),
                        rs.getString("store"), rs.getString("reference"), rs.getString("auth_code"), rs.getBoolean("forced"),
                        Utc.instant(rs.getTimestamp("created_at"))), cardId, limit, offset);
    }

    private static Card card(ResultSet rs, int n) throws SQLException {
        return new Card(rs.getLong("id"), rs.getString("merchant"), rs.getString("number"), rs.getString("currency"),
                CardState.valueOf(rs.getString("state")), rs.getLong("balance"), rs.getLong("held"), rs.getString("store"),
                Utc.instant(rs.getTimestamp("activated_at")));
    }

}
