package io.poshub.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.Causes;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends what waits in {@code receipt_outbox} (contract §22). A node claims a batch for {@code claim-for}, and for each
 * receipt reads the member as it is now — erased, or no longer wanting receipts by that channel, and it is not sent —
 * renders the merchant's template and hands it to its route; then notes it SENT. A receipt that failed is tried again
 * after {@code backoff}, doubling up to {@code max-backoff}, until {@code max-tries}; an address the server refuses, an
 * SMS provider's 4xx (but 408 and 429) and a receipt whose sale is gone are FAILED at once, with the reason. The reason
 * kept and logged never holds the address.
 *
 * <p>A node killed between a send and its note leaves that receipt to be sent again once its claim ran out: at most the
 * one in hand per node, with the same {@value ReceiptRoutes#RECEIPT_HEADER} (the SMS provider's idempotency key).
 */
@Component
class ReceiptSender {

    private static final Logger log = LoggerFactory.getLogger(ReceiptSender.class);
    private static final int BATCH = 100;
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"'@,;:]+@[^\\s<>\"',;:]+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ]{6,}\\d");

    /** Not sent, and not to be tried again. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private record Claimed(long id, long memberId, String merchant, String kind, long sourceId, String channel, int tries) {
    }

    private final JdbcTemplate jdbc;
    private final ProducerTemplate producer;
    private final ReceiptRoutes routes;
    private final ReceiptMessages messages;
    private final ReceiptProperties properties;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final String node = UUID.randomUUID().toString();

    ReceiptSender(JdbcTemplate jdbc, ProducerTemplate producer, ReceiptRoutes routes, ReceiptMessages messages,
                  ReceiptProperties properties, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.producer = producer;
        this.routes = routes;
        this.messages = messages;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${poshub.receipts.send-interval:5s}")
    void sendWaiting() {
        List<String> channels = new ArrayList<>(2);
        if (routes.mails()) {
            channels.add("'EMAIL'");
        }
        if (routes.texts()) {
            channels.add("'SMS'");
        }
        if (channels.isEmpty()) {
            return;
        }
        int claimed;
        do {
            long started = System.nanoTime();
            claimed = jdbc.update("""
                    UPDATE receipt_outbox SET claimed_by = ?, claimed_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND
                     WHERE state = 'PENDING' AND next_at <= UTC_TIMESTAMP(3) AND channel IN (""" + String.join(", ", channels) + """
                    )
                       AND (claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP(3))
                     ORDER BY next_at, id LIMIT ?
                    """, node, properties.claimFor().toNanos() / 1000, BATCH);
            if (claimed == 0) {
                return;
            }
            List<Claimed> batch = jdbc.query("SELECT id, member_id, merchant, kind, source_id, channel, tries FROM receipt_outbox"
                            + " WHERE claimed_by = ? AND state = 'PENDING' ORDER BY id",
                    (rs, n) -> new Claimed(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getInt(7)), node);
            for (Claimed r : batch) {
                // Half the claim gone (a slow server): the rest is let go, before another node could take it while it is sent here.
                if (Duration.ofNanos(System.nanoTime() - started).compareTo(properties.claimFor().dividedBy(2)) > 0) {
                    jdbc.update("UPDATE receipt_outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND state = 'PENDING'",
                            node);
                    return;
                }
                send(r);
            }
        } while (claimed == BATCH);
    }

    private void send(Claimed r) {
        String address = null;
        try {
            ReceiptMessages.Message message = messages.of(r.memberId(), r.merchant(), r.kind(), r.sourceId(), r.channel());
            address = message.address();
            if (r.channel().equals("EMAIL")) {
                Map<String, Object> headers = new HashMap<>();
                headers.put("To", message.address());
                headers.put("Subject", message.subject());
                headers.put("Content-Type", message.html() ? "text/html; charset=UTF-8" : "text/plain; charset=UTF-8");
                headers.put(ReceiptRoutes.RECEIPT_HEADER, Long.toString(r.id()));
                producer.sendBodyAndHeaders(ReceiptRoutes.EMAIL, message.text(), headers);
            } else {
                producer.sendBodyAndHeader(ReceiptRoutes.SMS, json.writeValueAsString(Map.of("to", message.address(), "text", message.text())),
                        ReceiptRoutes.RECEIPT_HEADER, "receipt-" + r.id());
            }
            jdbc.update("""
                    UPDATE receipt_outbox SET state = 'SENT', sent_at = UTC_TIMESTAMP(3), tries = tries + 1, claimed_by = NULL,
                           claimed_until = NULL, last_error = NULL
                     WHERE id = ? AND claimed_by = ?
                    """, r.id(), node);
            meters.counter("poshub.receipts.sent", "channel", r.channel()).increment();
            log.debug("Receipt {} ({} {}) sent by {}", r.id(), r.kind(), r.sourceId(), r.channel());
        } catch (RuntimeException | JsonProcessingException e) {
            failed(r, e, address);
        }
    }

    private void failed(Claimed r, Exception e, String address) {
        int tries = r.tries() + 1;
        boolean refused = refused(e);
        String error = scrub(reason(e), address);
        if (refused || tries >= properties.maxTries()) {
            jdbc.update("""
                    UPDATE receipt_outbox SET state = 'FAILED', tries = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
                     WHERE id = ? AND claimed_by = ?
                    """, tries, error, r.id(), node);
            meters.counter("poshub.receipts.failed", "channel", r.channel()).increment();
            log.warn("Receipt {} ({} {}, member {}) by {} FAILED after {} tr{}: {}", r.id(), r.kind(), r.sourceId(), r.memberId(),
                    r.channel(), tries, tries == 1 ? "y" : "ies", error);
            return;
        }
        Duration wait = backoff(tries);
        jdbc.update("""
                UPDATE receipt_outbox SET tries = ?, next_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, last_error = ?, claimed_by = NULL,
                       claimed_until = NULL
                 WHERE id = ? AND claimed_by = ?
                """, tries, wait.toNanos() / 1000, error, r.id(), node);
        log.warn("Receipt {} ({} {}, member {}) by {} not sent (try {} of {}), next try in {}: {}", r.id(), r.kind(), r.sourceId(),
                r.memberId(), r.channel(), tries, properties.maxTries(), wait, error);
    }

    /** {@code backoff}, doubled with each try after the first, never longer than {@code max-backoff}. */
    Duration backoff(int tries) {
        Duration wait = properties.backoff().multipliedBy(1L << Math.min(tries - 1, 30));
        return wait.compareTo(properties.maxBackoff()) > 0 || wait.isNegative() ? properties.maxBackoff() : wait;
    }

    /** Whether trying again cannot help: the receipt has nothing to send, or the server refused its address for good. */
    static boolean refused(Throwable e) {
        if (Causes.find(e, Refused.class) != null) {
            return true;
        }
        HttpOperationFailedException http = Causes.find(e, HttpOperationFailedException.class);
        if (http != null) {
            int status = http.getStatusCode();
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
        SendFailedException send = Causes.find(e, SendFailedException.class);
        return Causes.find(e, AddressException.class) != null
                || send != null && send.getInvalidAddresses() != null && send.getInvalidAddresses().length > 0;
    }

    /** Why a try failed, in the words of whoever refused it: the SMS provider's status and answer, else the cause's. */
    static String reason(Throwable e) {
        HttpOperationFailedException http = Causes.find(e, HttpOperationFailedException.class);
        if (http != null) {
            String body = http.getResponseBody() == null ? "" : http.getResponseBody().strip();
            return "the SMS provider answered " + http.getStatusCode() + (body.isEmpty() ? "" : ": " + body);
        }
        Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
        return Causes.withRoot(cause);
    }

    /** The reason without the address, nor any other e-mail address or phone number in it; at most 500 characters. */
    static String scrub(String error, String address) {
        String text = error == null ? "" : error;
        if (address != null && !address.isBlank()) {
            text = text.replace(address, "(the member's address)");
        }
        text = PHONE.matcher(EMAIL.matcher(text).replaceAll("(an address)")).replaceAll("(a number)");
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
