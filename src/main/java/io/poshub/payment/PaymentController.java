package io.poshub.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.web.Caller;
import io.poshub.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The till's payment calls (contract §8) and the provider's webhook. */
@Tag(name = "Payments")
@RestController
class PaymentController {

    /** The largest webhook body read; Vipps' events are well under 2 KiB. */
    static final int WEBHOOK_MAX_BYTES = 64 * 1024;

    private final Payments payments;
    private final Caller caller;
    private final PaymentProperties properties;
    private final ObjectMapper json;

    PaymentController(Payments payments, Caller caller, PaymentProperties properties, ObjectMapper json) {
        this.payments = payments;
        this.caller = caller;
        this.properties = properties;
        this.json = json;
    }

    record Amount(@Schema(description = "minor units; none: all that is left", example = "24900") Long amount) {
    }

    @Operation(summary = "Start a Vipps MobilePay payment")
    @PostMapping("/api/payments")
    @ResponseStatus(HttpStatus.CREATED)
    Payments.Payment create(@RequestBody Payments.NewPayment body) {
        // A one-store till key pays for its own store only; one that names no store pays for the key's.
        Payments.NewPayment forStore = new Payments.NewPayment(body.reference(), body.phone(), body.amount(), body.currency(),
                caller.store(body.store()));
        return payments.create(caller.merchant(null), forStore);
    }

    @Operation(summary = "A payment's state and amounts")
    @GetMapping("/api/payments/{reference}")
    Payments.Payment get(@PathVariable String reference) {
        return ofThisStore(reference);
    }

    @Operation(summary = "Capture an authorized amount")
    @PostMapping("/api/payments/{reference}/capture")
    Payments.Payment capture(@PathVariable String reference, @RequestBody(required = false) Amount body,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        ofThisStore(reference);
        return payments.capture(caller.merchant(null), reference, body == null ? null : body.amount(), key);
    }

    @Operation(summary = "Refund a captured amount")
    @PostMapping("/api/payments/{reference}/refund")
    Payments.Payment refund(@PathVariable String reference, @RequestBody(required = false) Amount body,
                            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        ofThisStore(reference);
        return payments.refund(caller.merchant(null), reference, body == null ? null : body.amount(), key);
    }

    @Operation(summary = "Cancel a payment")
    @PostMapping("/api/payments/{reference}/cancel")
    Payments.Payment cancel(@PathVariable String reference,
                            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        ofThisStore(reference);
        return payments.cancel(caller.merchant(null), reference, key);
    }

    /** The merchant's payment, when the caller may act for its store (a store's till key: that store only). */
    private Payments.Payment ofThisStore(String reference) {
        Payments.Payment payment = payments.get(caller.merchant(null), reference);
        caller.requireStore(payment.store());
        return payment;
    }

    /**
     * Vipps' webhook, open to the network by design: a body over {@value #WEBHOOK_MAX_BYTES} bytes is 413 unread, a bad or
     * missing signature 401 before the body is read, a body that is not the signed one 401, and only then is it parsed.
     */
    @Operation(summary = "Vipps MobilePay's webhook (signed)")
    @PostMapping("/api/payments/callbacks/vipps")
    ResponseEntity<Void> webhook(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > WEBHOOK_MAX_BYTES) {
            throw tooLarge();
        }
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String contentSha256 = request.getHeader("x-ms-content-sha256");
        refuseIf(WebhookSignature.headerProblem(properties.vipps().webhookSecret(), path, request.getHeader("host"),
                request.getHeader("x-ms-date"), contentSha256, request.getHeader("Authorization"),
                properties.vipps().webhookMaxAge(), Instant.now()));
        byte[] body = request.getInputStream().readNBytes(WEBHOOK_MAX_BYTES + 1);
        if (body.length > WEBHOOK_MAX_BYTES) {
            throw tooLarge();
        }
        refuseIf(WebhookSignature.bodyProblem(contentSha256, body));
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.coded(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "Bad request", "The webhook's body is not JSON");
        }
        payments.webhook(event);
        return ResponseEntity.ok().build();
    }

    private static void refuseIf(String why) {
        if (why != null) {
            throw ProblemException.coded(HttpStatus.UNAUTHORIZED, "WEBHOOK_SIGNATURE_INVALID", "Unauthorized", "Webhook refused: " + why);
        }
    }

    private static ProblemException tooLarge() {
        return ProblemException.coded(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "Payload too large",
                "A webhook's body may be at most " + WEBHOOK_MAX_BYTES + " bytes");
    }
}
