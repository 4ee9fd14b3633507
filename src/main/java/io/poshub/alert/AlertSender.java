package io.poshub.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.Causes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the waiting alerts to {@code poshub.alerts.endpoint}, oldest first. A node claims a batch for five minutes before
 * it sends, so two nodes never send one alert twice (an endpoint that hangs longer than that should be given a timeout); an alert the endpoint refuses is tried again after 1 s, 4 s,
 * 9 s, … up to {@code poshub.alerts.max-backoff}, until it is taken. Metrics:
 * {@code poshub_alerts_total{type,outcome=sent|refused}}.
 */
@Component
class AlertSender {

    private static final Logger log = LoggerFactory.getLogger(AlertSender.class);
    private static final int BATCH = 20;

    private final JdbcTemplate jdbc;
    private final ProducerTemplate producer;
    private final AlertProperties properties;
    private final MeterRegistry meters;
    private final String node = UUID.randomUUID().toString();

    AlertSender(JdbcTemplate jdbc, ProducerTemplate producer, AlertProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.producer = producer;
        this.properties = properties;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${poshub.alerts.send-interval:1s}")
    void sendWaiting() {
        int claimed = jdbc.update("""
                UPDATE alert SET claimed_by = ?, claimed_until = UTC_TIMESTAMP(3) + INTERVAL 5 MINUTE
                 WHERE sent_at IS NULL AND next_at <= UTC_TIMESTAMP(3)
                   AND (claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP(3))
                 ORDER BY id LIMIT ?
                """, node, BATCH);
        if (claimed == 0) {
            return;
        }
        List<Map<String, Object>> batch = jdbc.queryForList(
                "SELECT id, type, body, attempts FROM alert WHERE claimed_by = ? AND sent_at IS NULL ORDER BY id", node);
        for (Map<String, Object> alert : batch) {
            send(((Number) alert.get("id")).longValue(), (String) alert.get("type"), (String) alert.get("body"),
                    ((Number) alert.get("attempts")).intValue());
        }
    }

    private void send(long id, String type, String body, int attemptsBefore) {
        try {
            producer.sendBodyAndHeader(properties.endpoint(), body, Exchange.CONTENT_TYPE, "application/json");
            jdbc.update("UPDATE alert SET sent_at = UTC_TIMESTAMP(3), attempts = attempts + 1, claimed_by = NULL, "
                    + "claimed_until = NULL, last_error = NULL WHERE id = ?", id);
            meters.counter("poshub_alerts", "type", type, "outcome", "sent").increment();
        } catch (RuntimeException e) {
            int attempts = attemptsBefore + 1;
            Duration wait = backoff(attempts);
            String error = Causes.withRoot(e);
            jdbc.update("UPDATE alert SET attempts = ?, next_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, claimed_by = NULL, "
                    + "claimed_until = NULL, last_error = ? WHERE id = ?", attempts, wait.toNanos() / 1000,
                    error.length() > 500 ? error.substring(0, 500) : error, id);
            meters.counter("poshub_alerts", "type", type, "outcome", "refused").increment();
            log.warn("Alert {} ({}) not taken by the alert endpoint (attempt {}), next try in {}: {}", id, type, attempts, wait, error);
        }
    }

    /** 1 s, 4 s, 9 s, … (the attempt squared), never longer than {@code max-backoff}. */
    Duration backoff(int attempts) {
        Duration wait = Duration.ofSeconds((long) attempts * attempts);
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }
}
