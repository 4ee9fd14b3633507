package io.poshub.payment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.web.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The till's payment calls (contract §8) and the provider's webhook. */
@RestController
class PaymentController {

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

    record Amount(Long amount) {
    }

    @PostMapping("/api/payments")
    ResponseEntity<Payments.Payment> create(@RequestBody Payments.NewPayment body) {
        caller.requireStore(body.store() == null ? null : body.store().trim());
        return ResponseEntity.status(HttpStatus.CREATED).body(payments.create(caller.merchant(null), body));
    }

    @GetMapping("/api/payments/{reference}")
    Payments.Payment get(@PathVariable String reference) {
        return ofThisStore(reference);
    }

    @PostMapping("/api/payments/{reference}/capture")
    Payments.Payment capture(@PathVariable String reference, @RequestBody(required = false) Amount body,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        ofThisStore(reference);
        return payments.capture(caller.merchant(null), reference, body == null ? null : body.amount(), key);
    }

    @PostMapping("/api/payments/{reference}/refund")
    Payments.Payment refund(@PathVariable String reference, @RequestBody(required = false) Amount body,
                            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        ofThisStore(reference);
        return payments.refund(caller.merchant(null), reference, body == null ? null : body.amount(), key);
    }

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

    /** Vipps' webhook: verified by its HMAC signature; a bad or missing one is 401 and changes nothing. */
    @PostMapping("/api/payments/callbacks/vipps")
    ResponseEntity<?> webhook(HttpServletRequest request, @RequestBody byte[] body) throws IOException {
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String problem = WebhookSignature.problem(properties.vipps().webhookSecret(), path, request.getHeader("host"),
                request.getHeader("x-ms-date"), request.getHeader("x-ms-content-sha256"), request.getHeader("Authorization"),
                body, properties.vipps().webhookMaxAge(), Instant.now());
        if (problem != null) {
            ProblemDetail refused = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Webhook refused: " + problem);
            refused.setTitle("Unauthorized");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(refused);
        }
        payments.webhook(json.readTree(body));
        return ResponseEntity.ok().build();
    }
}
