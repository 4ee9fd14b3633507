package io.poshub.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.common.Causes;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
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
 * Sends each journal version to {@code poshub.journal.endpoint} (contract §22), a store-day's versions in order: a
 * version waits until the ones before it of its day were taken, so a reversal always reaches the accountant before the
 * version that replaces it. As CSV ({@code MERCHANT,STORE,BUSINESS_DATE,VERSION,ACCOUNT,DEBIT,CREDIT,CURRENCY}), or
 * JSON when the endpoint names a {@code .json}; named {@code journal-<merchant>-<store>-<date>-v<version>} (a folder or
 * SFTP endpoint's file name), so sending one again — a node that died between the send and its note — overwrites the
 * same file. A node claims a version for five minutes before it sends it; one the endpoint refuses is tried again after
 * 1 s, 4 s, 9 s, … up to {@code max-backoff}, as long as it takes: the journal is kept meanwhile.
 */
@Component
class JournalSender {

    private static final Logger log = LoggerFactory.getLogger(JournalSender.class);
    private static final int BATCH = 20;
    static final String HEADER = "MERCHANT,STORE,BUSINESS_DATE,VERSION,ACCOUNT,DEBIT,CREDIT,CURRENCY";

    private final JdbcTemplate jdbc;
    private final ProducerTemplate producer;
    private final Journals journals;
    private final JournalProperties properties;
    private final ObjectMapper json;
    private final String node = UUID.randomUUID().toString();

    JournalSender(JdbcTemplate jdbc, ProducerTemplate producer, Journals journals, JournalProperties properties, ObjectMapper json) {
        this.jdbc = jdbc;
        this.producer = producer;
        this.journals = journals;
        this.properties = properties;
        this.json = json;
    }

    @Scheduled(fixedDelayString = "${poshub.journal.send-interval:5s}")
    void sendWaiting() {
        if (properties.endpoint().isBlank()) {
            return;
        }
        // Due, not claimed, and the first of its day not yet taken.
        int claimed = jdbc.update("""
                UPDATE journal_version v SET claimed_by = ?, claimed_until = UTC_TIMESTAMP(3) + INTERVAL 5 MINUTE
                 WHERE v.state = 'PENDING' AND v.next_at <= UTC_TIMESTAMP(3)
                   AND (v.claimed_until IS NULL OR v.claimed_until < UTC_TIMESTAMP(3))
                   AND v.version = (SELECT MIN(w.version) FROM (SELECT merchant, store, business_date, version, state FROM journal_version) w
                                     WHERE w.merchant = v.merchant AND w.store = v.store AND w.business_date = v.business_date
                                       AND w.state = 'PENDING')
                 ORDER BY v.created_at LIMIT ?
                """, node, BATCH);
        if (claimed == 0) {
            return;
        }
        List<Map<String, Object>> batch = jdbc.queryForList("""
                SELECT merchant, store, business_date, version, tries FROM journal_version
                 WHERE claimed_by = ? AND state = 'PENDING' ORDER BY created_at
                """, node);
        for (Map<String, Object> v : batch) {
            send((String) v.get("merchant"), (String) v.get("store"), ((java.sql.Date) v.get("business_date")).toLocalDate(),
                    ((Number) v.get("version")).intValue(), ((Number) v.get("tries")).intValue());
        }
    }

    private void send(String merchant, String store, LocalDate date, int version, int triesBefore) {
        Journals.Version v = journals.versions(merchant, store, date).stream().filter(x -> x.version() == version).findFirst().orElseThrow();
        boolean asJson = properties.endpoint().contains(".json");
        String name = "journal-" + merchant + "-" + store + "-" + date + "-v" + version + (asJson ? ".json" : ".csv");
        try {
            Map<String, Object> headers = new HashMap<>();
            headers.put(Exchange.FILE_NAME, name);
            headers.put(Exchange.CONTENT_TYPE, asJson ? "application/json" : "text/csv");
            headers.put(Exchange.HTTP_METHOD, "POST");
            producer.sendBodyAndHeaders(properties.endpoint(), asJson ? json(v) : csv(v), headers);
            jdbc.update("""
                    UPDATE journal_version SET state = 'SENT', sent_at = UTC_TIMESTAMP(3), tries = tries + 1, claimed_by = NULL,
                           claimed_until = NULL, last_error = NULL
                     WHERE merchant = ? AND store = ? AND business_date = ? AND version = ?
                    """, merchant, store, date, version);
            log.info("Journal of store {} ({}) on {} version {} ({}) sent as {}", store, merchant, date, version, v.kind(), name);
        } catch (RuntimeException e) {
            int tries = triesBefore + 1;
            Duration wait = backoff(tries);
            String error = Causes.withRoot(e);
            jdbc.update("""
                    UPDATE journal_version SET tries = ?, next_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, claimed_by = NULL,
                           claimed_until = NULL, last_error = ?
                     WHERE merchant = ? AND store = ? AND business_date = ? AND version = ?
                    """, tries, wait.toNanos() / 1000, error.length() > 500 ? error.substring(0, 500) : error, merchant, store, date, version);
            log.warn("Journal of store {} ({}) on {} version {} not taken by the journal endpoint (try {}), next try in {}: {}",
                    store, merchant, date, version, tries, wait, error);
        }
    }

    /** 1 s, 4 s, 9 s, … (the try squared), never longer than {@code max-backoff}. */
    Duration backoff(int tries) {
        Duration wait = Duration.ofSeconds((long) tries * tries);
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    static String csv(Journals.Version v) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (JournalLines.Line l : v.lines()) {
            out.append(String.join(",", field(v.merchant()), field(v.store()), v.date().toString(), Integer.toString(v.version()),
                    field(l.account()), l.debit().toPlainString(), l.credit().toPlainString(), v.currency())).append("\r\n");
        }
        return out.toString();
    }

    private String json(Journals.Version v) {
        try {
            return json.writeValueAsString(v.lines().stream().map(l -> Map.<String, Object>of("merchant", v.merchant(), "store", v.store(),
                    "businessDate", v.date().toString(), "version", v.version(), "account", l.account(), "debit", l.debit(),
                    "credit", l.credit(), "currency", v.currency())).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    private static String field(String value) {
        return value.matches(".*[,\"\\r\\n].*") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

}
