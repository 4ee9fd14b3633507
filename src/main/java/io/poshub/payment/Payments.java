package io.poshub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.common.StoreActivity;
import io.poshub.member.MemberKeys;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
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
    private static final Set<String> CURRENCIES = Set.of("NOK", "DKK", "EUR");

    private final PaymentStore store;
    private final VippsClient vipps;
    private final PaymentProperties properties;
    private final PaymentPoller poller;
    private final ApplicationEventPublisher events;

    Payments(PaymentStore store, VippsClient vipps, PaymentProperties properties, PaymentPoller poller,
             ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.vipps = vipps;
        this.properties = properties;
        this.poller = poller;
    }

    /** A payment as the till sees it. Amounts in minor units. */
    public record Payment(String reference, String merchant, String store, PaymentState state, String tillState, String currency,
                          long amount, long authorized, long captured, long refunded, long cancelled, String phone,
                          Instant createdAt, Instant expiresAt) {
    }

    public record NewPayment(@Schema(description = "the till's own reference, 8-50 letters, digits or '-'", example = "pos-001-00042")
                             String reference,
                             @Schema(description = "the customer's phone; without +, of poshub.payments.vipps.phone-region",
                                     example = "+4791234567") String phone,
                             @Schema(description = "minor units (øre)", example = "24900") Long amount,
                             @Schema(example = "NOK") String currency,
                             @Schema(description = "default: the till key's store", example = "001") String store) {
    }

    public Payment create(String merchant, NewPayment request) {
        if (request.amount() == null || request.amount() <= 0 || request.amount() > 65_000_000) {
            throw new InvalidField("amount", "amount must be 1-65000000 minor units (øre/cents)");
        }
        String currency = request.currency() == null ? "NOK" : request.currency().trim().toUpperCase();
        if (!CURRENCIES.contains(currency)) {
            throw new InvalidField("currency", "currency must be one of " + CURRENCIES + " for Vipps MobilePay");
        }
        if (request.store() == null || request.store().isBlank()) {
            throw new InvalidField("store", "store is required");
        }
        String e164 = MemberKeys.phone(request.phone(), properties.vipps().phoneRegion());
        if (e164 == null) {
            throw new InvalidField("phone", "phone '" + request.phone() + "' is not a phone number");
        }
        String msisdn = e164.substring(1);
        String reference = request.reference() == null || request.reference().isBlank()
                ? "poshub-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) : request.reference().trim();
        if (!reference.matches("[a-zA-Z0-9-]{8,50}")) {
            throw new InvalidField("reference", "reference must be 8-50 letters, digits or '-'");
        }
        // The payment as written: the answer to the till is built from it, not read back.
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Payment payment = new Payment(reference, merchant, request.store().trim(), PaymentState.CREATED,
                PaymentState.CREATED.tillState(), currency, request.amount(), 0, 0, 0, 0, MemberKeys.mask(msisdn), created,
                created.plus(properties.vipps().paymentExpiry()));
        OptionalLong opened = store.open(payment, reference);
        if (opened.isEmpty()) {
            // A till repeating its create (same reference) gets the payment it already has.
            return get(merchant, reference);
        }
        long id = opened.getAsLong();
        // The reference is the create intent's Idempotency-Key: a retry, here or by the till, never charges twice.
        Map<String, Object> body = Map.of(
                "amount", VippsClient.amount(currency, request.amount()),
                "paymentMethod", Map.of("type", "WALLET"),
                "customer", Map.of("phoneNumber", msisdn),
                "reference", reference,
                "userFlow", "PUSH_MESSAGE",
                "customerInteraction", "CUSTOMER_PRESENT",
                "paymentDescription", "Purchase at store " + request.store().trim());
        try {
            vipps.call("POST", "/epayment/v1/payments", body, reference);
        } catch (RuntimeException e) {
            store.setState(id, PaymentState.TERMINATED, "TILL");
            throw e;
        }
        poller.follow(reference);
        log.info("Payment {} created at store {} for {} {}", reference, request.store(), request.amount(), currency);
        return payment;
    }

    public Payment get(String merchant, String reference) {
        return find(reference).filter(p -> p.merchant().equals(merchant))
                .orElseThrow(() -> new NotFound("no payment with reference " + reference));
    }

    public Payment capture(String merchant, String reference, Long amount, String idempotencyKey) {
        Payment p = get(merchant, reference);
        long value = amountOrRest(amount, p.authorized() - p.captured() - p.cancelled());
        if (p.state() != PaymentState.AUTHORIZED) {
            throw new Conflict("payment " + reference + " is " + p.tillState() + ", not approved: nothing to capture");
        }
        if (value > p.authorized() - p.captured() - p.cancelled()) {
            throw new Conflict("capture of " + value + " is more than the " + (p.authorized() - p.captured() - p.cancelled())
                    + " still reserved");
        }
        return modify(merchant, p, Modification.CAPTURE, value, idempotencyKey);
    }

    public Payment refund(String merchant, String reference, Long amount, String idempotencyKey) {
        Payment p = get(merchant, reference);
        long refundable = p.captured() - p.refunded();
        long value = amountOrRest(amount, refundable);
        if (value > refundable) {
            throw new Conflict("refund of " + value + " is more than the " + refundable
                    + " captured and not yet refunded; nothing was refunded");
        }
        return modify(merchant, p, Modification.REFUND, value, idempotencyKey);
    }

    /** A capture or refund: the provider's path. */
    private enum Modification {
        CAPTURE("capture"), REFUND("refund");

        final String path;

        Modification(String path) {
            this.path = path;
        }
    }

    /** Sends the modification to Vipps (its Idempotency-Key kept across retries), then records it. */
    private Payment modify(String merchant, Payment p, Modification what, long value, String idempotencyKey) {
        String key = key(idempotencyKey);
        vipps.call("POST", "/epayment/v1/payments/" + p.reference() + "/" + what.path,
                Map.of("modificationAmount", VippsClient.amount(p.currency(), value)), key);
        if (what == Modification.CAPTURE) {
            store.captured(p.reference(), value, p.state(), key);
        } else {
            store.refunded(p.reference(), value, p.state(), key);
        }
        events.publishEvent(StoreActivity.movement(p.merchant(), p.store(), Instant.now()));
        return get(merchant, p.reference());
    }

    public Payment cancel(String merchant, String reference, String idempotencyKey) {
        Payment p = get(merchant, reference);
        if (p.captured() > 0) {
            throw new Conflict("payment " + reference + " is captured; refund it instead of cancelling");
        }
        String key = key(idempotencyKey);
        vipps.call("POST", "/epayment/v1/payments/" + reference + "/cancel", null, key);
        store.cancelled(reference, p.state(), p.authorized(), key);
        return get(merchant, reference);
    }

    /**
     * Applies what the provider says a payment is now (from a webhook or a poll); answers whether it is decided
     * ({@link PaymentState#isDecided}), so following it can stop.
     *
     * @param authorized the authorized amount the provider reports, or null when it says nothing of it
     */
    public boolean update(String reference, String state, Long authorized, String source) {
        Optional<PaymentState> reported = PaymentState.of(state);
        Optional<PaymentState> before = store.report(reference, authorized, reported, source);
        if (before.isEmpty()) {
            log.warn("Vipps reports on unknown payment {}", reference);
            return true;
        }
        return before.get().isDecided() || reported.map(PaymentState::isDecided).orElse(false);
    }

    /** A webhook event: CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED change the state; the rest are noted. */
    public void webhook(JsonNode event) {
        String reference = event.path("reference").asText(null);
        String name = event.path("name").asText("");
        if (reference == null) {
            throw new IllegalArgumentException("the event has no reference");
        }
        if (name.equals("AUTHORIZED")) {
            update(reference, name, event.path("amount").path("value").asLong(0), "WEBHOOK");
        } else if (PaymentState.of(name).isPresent()) {
            update(reference, name, null, "WEBHOOK");
        } else {
            store.noted(reference, name.length() > 16 ? name.substring(0, 16) : name, event.path("amount").path("value").asLong(0),
                    event.path("idempotencyKey").asText(null), "WEBHOOK");
        }
    }

    public Optional<Payment> find(String reference) {
        return store.find(reference);
    }

    private static long amountOrRest(Long amount, long rest) {
        if (amount == null) {
            return rest;
        }
        if (amount <= 0) {
            throw new InvalidField("amount", "amount must be positive (minor units)");
        }
        return amount;
    }

    private static String key(String given) {
        if (given == null || given.isBlank()) {
            return UUID.randomUUID().toString();
        }
        if (given.length() > 50) {
            throw new InvalidField("Idempotency-Key", "Idempotency-Key must be at most 50 characters");
        }
        return given;
    }

}
