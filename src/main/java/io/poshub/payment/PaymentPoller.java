package io.poshub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Follows a new payment by polling GET /epayment/v1/payments/{reference}: first after {@code poll.first}
 * (5 s), then every {@code poll.every} (2 s), twice as long after a provider error or 429, until the state
 * is final or the payment has expired. Webhooks usually get there first; polling makes sure.
 */
@Component
class PaymentPoller {

    private static final Logger log = LoggerFactory.getLogger(PaymentPoller.class);

    private final TaskScheduler scheduler;
    private final VippsClient vipps;
    private final PaymentProperties properties;
    private final ObjectProvider<Payments> payments;

    PaymentPoller(TaskScheduler scheduler, VippsClient vipps, PaymentProperties properties, ObjectProvider<Payments> payments) {
        this.scheduler = scheduler;
        this.vipps = vipps;
        this.properties = properties;
        this.payments = payments;
    }

    void follow(String reference) {
        schedule(reference, properties.poll().first());
    }

    private void schedule(String reference, Duration delay) {
        scheduler.schedule(() -> poll(reference, delay), Instant.now().plus(delay));
    }

    private void poll(String reference, Duration lastDelay) {
        var payment = payments.getObject().find(reference);
        if (payment.isEmpty() || payment.get().state().isFinal()) {
            return;
        }
        if (Instant.now().isAfter(payment.get().expiresAt().plus(properties.poll().every()))) {
            log.info("Payment {} expired while {}; polling stops", reference, payment.get().state());
            return;
        }
        Duration next = properties.poll().every();
        try {
            JsonNode answer = vipps.call("GET", "/epayment/v1/payments/" + reference, null, null);
            if (payments.getObject().update(reference, answer.path("state").asText(null), answer.path("aggregate"), "POLL")) {
                return;
            }
        } catch (RuntimeException e) {
            next = lastDelay.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : lastDelay.multipliedBy(2);
            log.warn("Polling payment {} failed, next try in {} s: {}", reference, next.toSeconds(), e.getMessage());
        }
        schedule(reference, next);
    }
}
