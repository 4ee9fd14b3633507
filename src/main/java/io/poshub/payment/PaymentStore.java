package io.poshub.payment;

import io.poshub.common.Utc;
import io.poshub.db.Conflicts;
import io.poshub.db.Inserts;
import io.poshub.payment.Payments.Payment;

import java.sql.ResultSet;
import java.sql.SQLException;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;


import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code payment} and {@code payment_event} tables: every payment, and each change of it with its source. */
@Repository
class PaymentStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    PaymentStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Opens a CREATED payment with its CREATE event, in one transaction (one commit on the till's path); answers its id,
     * or nothing when the reference exists already (a till repeating its create).
     */
    OptionalLong open(Payment payment, String idempotencyKey) {
        try {
            return OptionalLong.of(Conflicts.retry(() -> tx.execute(status -> {
                Timestamp created = Utc.timestamp(payment.createdAt());
                long id = Inserts.returningKey(jdbc, """
                        INSERT INTO payment (reference, merchant, store, phone_masked, currency, amount, state, created_at,
                                             updated_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, payment.reference(), payment.merchant(), payment.store(), payment.phone(), payment.currency(),
                        payment.amount(), payment.state().name(), created, created, Utc.timestamp(payment.expiresAt()));
                event(id, "CREATE", payment.state().name(), payment.amount(), idempotencyKey, "TILL");
                return id;
            })));
        } catch (DuplicateKeyException e) {
            return OptionalLong.empty();
        }
    }

    /** A read: run again when its Galera node went away under it (a till asking for its payment waits, not fails). */
    Optional<Payment> find(String reference) {
        return Conflicts.retryIdempotent(() ->
                jdbc.query("SELECT * FROM payment WHERE reference = ?", PaymentStore::payment, reference).stream().findFirst());
    }

    /** The payments made between two instants, oldest first; store and (provider) state are optional filters. */
    List<Payment> between(Instant from, Instant to, String store, PaymentState state) {
        StringBuilder sql = new StringBuilder("SELECT * FROM payment WHERE created_at >= ? AND created_at < ?");
        List<Object> args = new ArrayList<>(List.of(Utc.timestamp(from), Utc.timestamp(to)));
        if (store != null) {
            sql.append(" AND store = ?");
            args.add(store);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        return jdbc.query(sql.append(" ORDER BY created_at, id").toString(), PaymentStore::payment, args.toArray());
    }

    private static Payment payment(ResultSet rs, int row) throws SQLException {
        PaymentState state = PaymentState.valueOf(rs.getString("state"));
        return new Payment(rs.getString("reference"), rs.getString("merchant"), rs.getString("store"), state,
                state.tillState(), rs.getString("currency"), rs.getLong("amount"), rs.getLong("authorized"),
                rs.getLong("captured"), rs.getLong("refunded"), rs.getLong("cancelled"), rs.getString("phone_masked"),
                Utc.instant(rs.getTimestamp("created_at")),
                Utc.instant(rs.getTimestamp("expires_at")));
    }

    /** The payments still waiting for the customer (CREATED) that have not expired: what a hub follows after it starts. */
    List<String> pending(Instant now) {
        return jdbc.queryForList("SELECT reference FROM payment WHERE state = 'CREATED' AND expires_at > ? ORDER BY id",
                String.class, Utc.timestamp(now));
    }

    /**
     * What the provider reports of a payment (a poll or a webhook), applied with the event that records it in one
     * transaction: the amount it says is authorized (never less than what was known) and its state, when that comes after
     * the present one. Answers the state the payment had, or nothing for a payment the hub does not know.
     *
     * <p>It cannot count twice — the amount only grows to what is reported, and the state and its event are written only
     * when the locked row has not moved on yet — so it is run again also when its database node went away under it.
     *
     * @param authorized the authorized amount the provider reports, or null when it says nothing of it
     */
    Optional<PaymentState> report(String reference, Long authorized, Optional<PaymentState> reported, String source) {
        record Locked(long id, PaymentState state) {
        }
        return Conflicts.retryIdempotent(() -> tx.execute(status -> {
            List<Locked> found = jdbc.query("SELECT id, state FROM payment WHERE reference = ? FOR UPDATE",
                    (rs, row) -> new Locked(rs.getLong(1), PaymentState.valueOf(rs.getString(2))), reference);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            long id = found.get(0).id();
            PaymentState before = found.get(0).state();
            PaymentState after = reported.filter(before::precedes).orElse(before);
            if (authorized != null || after != before) {
                jdbc.update("UPDATE payment SET authorized = GREATEST(authorized, ?), state = ?, updated_at = UTC_TIMESTAMP(3) "
                        + "WHERE id = ?", authorized == null ? 0 : authorized, after.name(), id);
            }
            if (after != before) {
                event(id, "STATE", after.name(), null, null, source);
            }
            return Optional.of(before);
        }));
    }

    /** The payment's state set by the hub itself (a create the provider never took), with its event. */
    void setState(long id, PaymentState state, String source) {
        Conflicts.retry(() -> tx.execute(status -> {
            jdbc.update("UPDATE payment SET state = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?", state.name(), id);
            event(id, "STATE", state.name(), null, null, source);
            return null;
        }));
    }

    /** A capture the provider accepted, with its event. */
    void captured(String reference, long amount, PaymentState state, String key) {
        changed(reference, "CAPTURE", state, amount, key, "captured = captured + ?", amount);
    }

    /** A refund the provider accepted, with its event. */
    void refunded(String reference, long amount, PaymentState state, String key) {
        changed(reference, "REFUND", state, amount, key, "refunded = refunded + ?", amount);
    }

    /**
     * A cancel the provider accepted, with its event: what was reserved and not captured is released; a payment the
     * customer never approved is ABORTED.
     */
    void cancelled(String reference, PaymentState state, long authorized, String key) {
        changed(reference, "CANCEL", state, authorized, key, "cancelled = authorized, state = IF(state = 'CREATED', 'ABORTED', state)");
    }

    /** An event of the provider's that changes nothing here (CAPTURED, REFUNDED, ...), noted at the payment's state. */
    void noted(String reference, String action, long amount, String key, String source) {
        write("""
                INSERT INTO payment_event (payment_id, action, state, amount, idempotency_key, source)
                SELECT id, ?, state, ?, ?, ? FROM payment WHERE reference = ?
                """, action, amount, key, source, reference);
    }

    /**
     * A change the till asked for and the provider accepted, with the event that records it, in one transaction: the
     * one never stands without the other.
     *
     * @param assignments the {@code SET} of the change (this class's own text), its values in {@code values}
     */
    private void changed(String reference, String action, PaymentState state, long amount, String key, String assignments,
                         Object... values) {
        Conflicts.retry(() -> tx.execute(status -> {
            long id = jdbc.queryForObject("SELECT id FROM payment WHERE reference = ? FOR UPDATE", Long.class, reference);
            // A till repeating a capture, refund or cancel with its key (its answer was lost): Vipps took it once by the
            // key, and here it counts once too.
            if (jdbc.queryForObject("SELECT COUNT(*) FROM payment_event WHERE payment_id = ? AND action = ? AND idempotency_key = ?",
                    Integer.class, id, action, key) > 0) {
                return null;
            }
            List<Object> args = new ArrayList<>(Arrays.asList(values));
            args.add(id);
            jdbc.update("UPDATE payment SET " + assignments + ", updated_at = UTC_TIMESTAMP(3) WHERE id = ?", args.toArray());
            event(id, action, state.name(), amount, key, "TILL");
            return null;
        }));
    }

    private void event(long paymentId, String action, String state, Long amount, String key, String source) {
        write("INSERT INTO payment_event (payment_id, action, state, amount, idempotency_key, source) VALUES (?, ?, ?, ?, ?, ?)",
                paymentId, action, state, amount, key, source);
    }

    /**
     * One statement of a payment's change, run again when the database chose it to give way (a Galera node applying the
     * same payment's webhook, a deadlock): it was rolled back whole, so it never counts twice.
     */
    private int write(String sql, Object... args) {
        return Conflicts.retry(() -> jdbc.update(sql, args));
    }

}
