package io.poshub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Follows a new payment by polling GET /epayment/v1/payments/{reference}: first after {@code poll.first}
 * (5 s), then every {@code poll.every} (2 s), twice as long after a provider error or 429, until the customer has
 * answered (approved, or rejected in any way) or the payment has expired. Webhooks usually get there first; polling
 * makes sure. An approved payment is not polled any more: what changes it next, the till does through the hub.
 */
@Component
class PaymentPoller {

    private static final Logger log = LoggerFactory.getLogger(PaymentPoller.class);

    private final TaskScheduler scheduler;
    private final VippsClient vipps;
    private final PaymentProperties properties;
    private final ObjectProvider<Payments> paymentsProvider;
    private final PaymentStore store;
    private volatile Payments payments;

    PaymentPoller(TaskScheduler scheduler, VippsClient vipps, PaymentProperties properties, ObjectProvider<Payments> payments,
                  PaymentStore store) {
        this.store = store;
        this.scheduler = scheduler;
        this.vipps = vipps;
        this.properties = properties;
        this.paymentsProvider = payments;
    }

    void follow(String reference) {
        schedule(reference, properties.poll().first());
    }

    /**
     * At start, the payments still waiting for the customer are followed again: made before a restart (or by a node
     * that is gone), their webhook may never come. On several nodes each follows them; a state only moves forward.
     */
    @EventListener(ApplicationReadyEvent.class)
    void followPending() {
        List<String> pending;
        try {
            pending = store.pending(Instant.now());
        } catch (RuntimeException e) {
            log.warn("Could not read the payments still waiting for the customer; their webhooks will tell: {}", e.getMessage());
            return;
        }
        if (!pending.isEmpty()) {
            log.info("Following {} payment(s) still waiting for the customer", pending.size());
        }
        pending.forEach(reference -> schedule(reference, properties.poll().every()));
    }

    private void schedule(String reference, Duration delay) {
        try {
            scheduler.schedule(() -> poll(reference, delay), Instant.now().plus(delay));
        } catch (TaskRejectedException stopping) {
            // The hub is shutting down: the provider's webhook still tells the next start what became of the payment.
            log.debug("Not following payment {} any more: the hub is stopping", reference);
        }
    }

    /** Payments uses this poller, so it is looked up once, at the first answer (a look-up per poll cost more than the poll). */
    private Payments payments() {
        Payments found = payments;
        if (found == null) {
            found = paymentsProvider.getObject();
            payments = found;
        }
        return found;
    }

    private void poll(String reference, Duration lastDelay) {
        var payment = store.find(reference);
        if (payment.isEmpty() || payment.get().state().isDecided()) {
            return;
        }
        if (Instant.now().isAfter(payment.get().expiresAt().plus(properties.poll().every()))) {
            log.info("Payment {} expired while {}; polling stops", reference, payment.get().state());
            return;
        }
        Duration next = properties.poll().every();
        try {
            JsonNode answer = vipps.call("GET", "/epayment/v1/payments/" + reference, null, null);
            JsonNode aggregate = answer.path("aggregate");
            Long authorized = aggregate.isMissingNode() ? null : aggregate.path("authorizedAmount").path("value").asLong(0);
            if (payments().update(reference, answer.path("state").asText(null), authorized, "POLL")) {
                return;
            }
        } catch (RuntimeException e) {
            next = lastDelay.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : lastDelay.multipliedBy(2);
            log.warn("Polling payment {} failed, next try in {} s: {}", reference, next.toSeconds(), e.getMessage());
        }
        schedule(reference, next);
    }
}
