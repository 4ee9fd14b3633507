package io.poshub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.poshub.member.MemberKeys;
import io.poshub.web.ConflictException;
import io.poshub.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The till's mobile payments (contract §9): create by the customer's phone (PUSH_MESSAGE), follow the state
 * (webhook and polling), capture, cancel, refund. Every payment and each change of it is kept in
 * {@code payment} / {@code payment_event}. The till sees the provider's states in its own words:
 * CREATED → pending, AUTHORIZED → approved, ABORTED / EXPIRED / TERMINATED → rejected.
 */
@Service
public class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);
    static final Set<String> FINAL = Set.of("ABORTED", "EXPIRED", "TERMINATED");
    private static final Set<String> CURRENCIES = Set.of("NOK", "DKK", "EUR");

    private final JdbcTemplate jdbc;
    private final VippsClient vipps;
    private final PaymentProperties properties;
    private final PaymentPoller poller;

    public Payments(JdbcTemplate jdbc, VippsClient vipps, PaymentProperties properties, PaymentPoller poller) {
        this.jdbc = jdbc;
        this.vipps = vipps;
        this.properties = properties;
        this.poller = poller;
    }

    /** A payment as the till sees it. Amounts in minor units. */
    public record Payment(String reference, String merchant, String store, String state, String tillState, String currency,
                          long amount, long authorized, long captured, long refunded, long cancelled, String phone,
                          Instant createdAt, Instant expiresAt) {
    }

    public record NewPayment(String reference, String phone, Long amount, String currency, String store) {
    }

    public Payment create(String merchant, NewPayment request) {
        if (request.amount() == null || request.amount() <= 0 || request.amount() > 65_000_000) {
            throw new IllegalArgumentException("amount must be 1-65000000 minor units (øre/cents)");
        }
        String currency = request.currency() == null ? "NOK" : request.currency().trim().toUpperCase();
        if (!CURRENCIES.contains(currency)) {
            throw new IllegalArgumentException("currency must be one of " + CURRENCIES + " for Vipps MobilePay");
        }
        if (request.store() == null || request.store().isBlank()) {
            throw new IllegalArgumentException("store is required");
        }
        String e164 = MemberKeys.phone(request.phone(), properties.vipps().phoneRegion());
        if (e164 == null) {
            throw new IllegalArgumentException("phone '" + request.phone() + "' is not a phone number");
        }
        String msisdn = e164.substring(1);
        String reference = request.reference() == null || request.reference().isBlank()
                ? "poshub-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) : request.reference().trim();
        if (!reference.matches("[a-zA-Z0-9-]{8,50}")) {
            throw new IllegalArgumentException("reference must be 8-50 letters, digits or '-'");
        }
        Instant expires = Instant.now().plus(properties.vipps().paymentExpiry());
        try {
            jdbc.update("""
                    INSERT INTO payment (reference, merchant, store, phone_masked, currency, amount, state, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'CREATED', ?)
                    """, reference, merchant, request.store().trim(), MemberKeys.mask(msisdn), currency, request.amount(),
                    Timestamp.valueOf(LocalDateTime.ofInstant(expires, ZoneOffset.UTC)));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // A till repeating its create (same reference) gets the payment it already has.
            return get(merchant, reference);
        }
        long id = idOf(reference);
        // The reference is the create intent's Idempotency-Key: a retry, here or by the till, never charges twice.
        Map<String, Object> body = Map.of(
                "amount", VippsClient.amount(currency, request.amount()),
                "paymentMethod", Map.of("type", "WALLET"),
                "customer", Map.of("phoneNumber", msisdn),
                "reference", reference,
                "userFlow", "PUSH_MESSAGE",
                "customerInteraction", "CUSTOMER_PRESENT",
                "paymentDescription", "Purchase at store " + request.store().trim());
        event(id, "CREATE", "CREATED", request.amount(), reference, "TILL");
        try {
            vipps.call("POST", "/epayment/v1/payments", body, reference);
        } catch (RuntimeException e) {
            setState(id, "TERMINATED", "TILL");
            throw e;
        }
        poller.follow(reference);
        log.info("Payment {} created at store {} for {} {}", reference, request.store(), request.amount(), currency);
        return get(merchant, reference);
    }

    public Payment get(String merchant, String reference) {
        return find(reference).filter(p -> p.merchant().equals(merchant))
                .orElseThrow(() -> new NotFoundException("no payment with reference " + reference));
    }

    public Payment capture(String merchant, String reference, Long amount, String idempotencyKey) {
        Payment p = get(merchant, reference);
        long value = amountOrRest(amount, p.authorized() - p.captured() - p.cancelled());
        if (!"AUTHORIZED".equals(p.state())) {
            throw new ConflictException("payment " + reference + " is " + p.tillState() + ", not approved: nothing to capture");
        }
        if (value > p.authorized() - p.captured() - p.cancelled()) {
            throw new ConflictException("capture of " + value + " is more than the " + (p.authorized() - p.captured() - p.cancelled())
                    + " still reserved");
        }
        return modify(merchant, p, Modification.CAPTURE, value, idempotencyKey);
    }

    public Payment refund(String merchant, String reference, Long amount, String idempotencyKey) {
        Payment p = get(merchant, reference);
        long refundable = p.captured() - p.refunded();
        long value = amountOrRest(amount, refundable);
        if (value > refundable) {
            throw new ConflictException("refund of " + value + " is more than the " + refundable
                    + " captured and not yet refunded; nothing was refunded");
        }
        return modify(merchant, p, Modification.REFUND, value, idempotencyKey);
    }

    /** A capture or refund: the provider's path, and the column of {@code payment} that keeps its running sum. */
    private enum Modification {
        CAPTURE("capture", "captured"), REFUND("refund", "refunded");

        final String path;
        final String column;

        Modification(String path, String column) {
            this.path = path;
            this.column = column;
        }
    }

    /** Sends the modification to Vipps (its Idempotency-Key kept across retries), then records it. */
    private Payment modify(String merchant, Payment p, Modification what, long value, String idempotencyKey) {
        String key = key(idempotencyKey);
        vipps.call("POST", "/epayment/v1/payments/" + p.reference() + "/" + what.path,
                Map.of("modificationAmount", VippsClient.amount(p.currency(), value)), key);
        jdbc.update("UPDATE payment SET " + what.column + " = " + what.column + " + ?, updated_at = UTC_TIMESTAMP(3) WHERE reference = ?",
                value, p.reference());
        event(idOf(p.reference()), what.name(), p.state(), value, key, "TILL");
        return get(merchant, p.reference());
    }

    public Payment cancel(String merchant, String reference, String idempotencyKey) {
        Payment p = get(merchant, reference);
        if (p.captured() > 0) {
            throw new ConflictException("payment " + reference + " is captured; refund it instead of cancelling");
        }
        String key = key(idempotencyKey);
        vipps.call("POST", "/epayment/v1/payments/" + reference + "/cancel", null, key);
        jdbc.update("UPDATE payment SET cancelled = authorized, state = IF(state = 'CREATED', 'ABORTED', state), "
                + "updated_at = UTC_TIMESTAMP(3) WHERE reference = ?", reference);
        event(idOf(reference), "CANCEL", p.state(), p.authorized(), key, "TILL");
        return get(merchant, reference);
    }

    /** Applies what the provider says a payment is now (from a webhook or a poll); answers whether it is final. */
    public boolean update(String reference, String state, JsonNode aggregate, String source) {
        Optional<Payment> found = find(reference);
        if (found.isEmpty()) {
            log.warn("Vipps reports on unknown payment {}", reference);
            return true;
        }
        long id = idOf(reference);
        if (aggregate != null && !aggregate.isMissingNode()) {
            jdbc.update("""
                    UPDATE payment SET authorized = GREATEST(authorized, ?), updated_at = UTC_TIMESTAMP(3) WHERE id = ?
                    """, aggregate.path("authorizedAmount").path("value").asLong(0), id);
        }
        String now = found.get().state();
        if (state != null && !state.equals(now) && rank(state) > rank(now)) {
            setState(id, state, source);
        }
        return FINAL.contains(state == null ? now : state) || FINAL.contains(now);
    }

    /** A webhook event: CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED change the state; the rest are noted. */
    public void webhook(JsonNode event) {
        String reference = event.path("reference").asText(null);
        String name = event.path("name").asText("");
        if (reference == null) {
            throw new IllegalArgumentException("the event has no reference");
        }
        switch (name) {
            case "AUTHORIZED" -> {
                update(reference, "AUTHORIZED", null, "WEBHOOK");
                jdbc.update("UPDATE payment SET authorized = GREATEST(authorized, ?) WHERE reference = ?",
                        event.path("amount").path("value").asLong(0), reference);
            }
            case "CREATED", "ABORTED", "EXPIRED", "TERMINATED" -> update(reference, name, null, "WEBHOOK");
            default -> find(reference).ifPresent(p -> event(idOf(reference), name.length() > 16 ? name.substring(0, 16) : name,
                    p.state(), event.path("amount").path("value").asLong(0), event.path("idempotencyKey").asText(null), "WEBHOOK"));
        }
    }

    public Optional<Payment> find(String reference) {
        return jdbc.query("SELECT * FROM payment WHERE reference = ?", (rs, n) -> new Payment(rs.getString("reference"),
                rs.getString("merchant"), rs.getString("store"), rs.getString("state"), tillState(rs.getString("state")),
                rs.getString("currency"), rs.getLong("amount"), rs.getLong("authorized"), rs.getLong("captured"),
                rs.getLong("refunded"), rs.getLong("cancelled"), rs.getString("phone_masked"),
                rs.getTimestamp("created_at").toLocalDateTime().toInstant(ZoneOffset.UTC),
                rs.getTimestamp("expires_at").toLocalDateTime().toInstant(ZoneOffset.UTC)), reference).stream().findFirst();
    }

    /** States only move forward (a late poll answering CREATED does not undo a webhook's AUTHORIZED). */
    private static int rank(String state) {
        return switch (state) {
            case "CREATED" -> 0;
            case "AUTHORIZED" -> 1;
            default -> 2;
        };
    }

    /** The till's word for a provider state. */
    public static String tillState(String state) {
        return switch (state) {
            case "CREATED" -> "pending";
            case "AUTHORIZED" -> "approved";
            default -> "rejected";
        };
    }

    private void setState(long id, String state, String source) {
        jdbc.update("UPDATE payment SET state = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?", state, id);
        event(id, "STATE", state, null, null, source);
    }

    private void event(long paymentId, String action, String state, Long amount, String key, String source) {
        jdbc.update("INSERT INTO payment_event (payment_id, action, state, amount, idempotency_key, source) VALUES (?, ?, ?, ?, ?, ?)",
                paymentId, action, state, amount, key, source);
    }

    private long idOf(String reference) {
        return jdbc.queryForObject("SELECT id FROM payment WHERE reference = ?", Long.class, reference);
    }

    private static long amountOrRest(Long amount, long rest) {
        if (amount == null) {
            return rest;
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive (minor units)");
        }
        return amount;
    }

    private static String key(String given) {
        if (given == null || given.isBlank()) {
            return UUID.randomUUID().toString();
        }
        if (given.length() > 50) {
            throw new IllegalArgumentException("Idempotency-Key must be at most 50 characters");
        }
        return given;
    }

}
