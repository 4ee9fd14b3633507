package io.poshub.web;

import io.poshub.support.ContractCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.PoshubApplication;
import io.poshub.support.LoyaltyHubTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Till keys made at run time: shown once and stored as SHA-256, listed without the key, revoked on every node within
 * 5 s (a second hub on the same database), a store's key refused for another store's payments.
 */
class TillKeysTest extends LoyaltyHubTest {

    @Value("${test.database.url}")
    String url;
    @Value("${test.database.user}")
    String user;
    @Value("${test.database.password}")
    String password;

    @Test
    void aMadeKeyWorksUntilRevokedAndIsRefusedOnAnotherNodeWithinFiveSeconds() throws Exception {
        long member = createMember(Map.of("externalId", "KEY-1", "cardNumber", "KEYCARD001"));
        ResponseEntity<Map> made = admin().postForEntity("/api/till-keys", Map.of("merchant", "demo", "label", "till 3, Oslo S"), Map.class);
        assertThat(made.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String key = (String) made.getBody().get("key");
        long id = ((Number) made.getBody().get("id")).longValue();
        assertThat(jdbc.queryForObject("SELECT key_sha256 FROM till_key WHERE id = ?", String.class, id))
                .hasSize(64).isNotEqualTo(key).doesNotContain(key);

        List<Map<String, Object>> listed = get("/api/till-keys");
        assertThat(listed).filteredOn(k -> ((Number) k.get("id")).longValue() == id).singleElement().satisfies(k -> assertThat(k).containsEntry("label", "till 3, Oslo S")
                .containsEntry("merchant", "demo").containsEntry("revokedAt", null).doesNotContainKey("key")
                .doesNotContainValue(key));
        assertThat(listed.toString()).doesNotContain(key);

        Path otherData = Files.createTempDirectory("poshub-second-node-");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PoshubApplication.class).run(
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--server.port=0", "--poshub.data-dir=" + otherData, "--poshub.routes-dir=" + otherData.resolve("routes"),
                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(), "--camel.main.name=poshub-second-node",
                "--camel.main.jmx-enabled=false", "--spring.jmx.enabled=false")) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            TestRestTemplate here = asTill(key);
            TestRestTemplate there = new TestRestTemplate(ContractCheck.client(secondPort)
                    .defaultHeader("X-Api-Key", key));
            assertThat(here.getForEntity("/api/members/" + member, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(there.getForEntity("/api/members/" + member, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
            await().until(() -> jdbc.queryForObject("SELECT last_used_at IS NOT NULL FROM till_key WHERE id = ?", Boolean.class, id));

            assertThat(admin().exchange("/api/till-keys/" + id, HttpMethod.DELETE, null, Void.class).getStatusCode())
                    .isEqualTo(HttpStatus.NO_CONTENT);
            long revoked = System.nanoTime();
            assertThat(here.getForEntity("/api/members/" + member, Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            // The other node refuses it within 5 s of the revocation: the wait's bound counts from then, not from now.
            Duration left = Duration.ofSeconds(5).minus(Duration.ofNanos(System.nanoTime() - revoked));
            await().atMost(left).pollInterval(Duration.ofMillis(100))
                    .until(() -> there.getForEntity("/api/members/" + member, Map.class).getStatusCode() == HttpStatus.UNAUTHORIZED);
        }
        assertThat(get("/api/till-keys")).filteredOn(k -> ((Number) k.get("id")).longValue() == id).singleElement()
                .satisfies(k -> assertThat(k.get("revokedAt")).isNotNull());
        assertThat(admin().exchange("/api/till-keys/999999", HttpMethod.DELETE, null, Void.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aStoresKeyIsRefusedForAnotherStoresPayments() {
        String key = (String) admin().postForEntity("/api/till-keys", Map.of("merchant", "demo", "store", "001", "label", "store 1"),
                Map.class).getBody().get("key");
        jdbc.update("""
                INSERT INTO payment (reference, merchant, store, currency, amount, state, expires_at)
                VALUES ('pay-store-002', 'demo', '002', 'NOK', 1000, 'CREATED', UTC_TIMESTAMP(3) + INTERVAL 5 MINUTE),
                       ('pay-store-001', 'demo', '001', 'NOK', 1000, 'CREATED', UTC_TIMESTAMP(3) + INTERVAL 5 MINUTE)
                """);
        TestRestTemplate store1 = asTill(key);
        assertThat(store1.getForEntity("/api/payments/pay-store-001", Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> other = store1.getForEntity("/api/payments/pay-store-002", Map.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat((String) other.getBody().get("detail")).isEqualTo("This till key is for store 001 only, not store 002.");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", "store-cap-1");
        assertThat(store1.exchange("/api/payments/pay-store-002/capture", HttpMethod.POST, new HttpEntity<>(Map.of("amount", 1000), headers),
                Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(store1.postForEntity("/api/payments", Map.of("phone", "+4791000301", "amount", 1000, "currency", "NOK",
                "store", "002"), Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(asTill(DEMO_TILL).getForEntity("/api/payments/pay-store-002", Map.class).getStatusCode())
                .as("a merchant-wide key from poshub.till-keys keeps working").isEqualTo(HttpStatus.OK);
    }

    /** Every till call that acts for a store, by a one-store key and a merchant-wide key, for its store and another. */
    @Test
    void aStoresKeyActsForItsOwnStoreOnlyOnEveryTillCall() {
        String store1 = (String) admin().postForEntity("/api/till-keys", Map.of("merchant", "demo", "store", "001", "label", "matrix"),
                Map.class).getBody().get("key");
        long member = createMember(Map.of("cardNumber", "MATRIX0001", "externalId", "MATRIX-1"));
        int seen = 0;
        int serial = 0;
        for (String key : List.of(store1, DEMO_TILL)) {
            for (String store : List.of("001", "002")) {
                boolean refused = key.equals(store1) && store.equals("002");
                String why = (key.equals(store1) ? "store 001's key" : "the merchant's key") + " for store " + store;
                String fresh = card(++serial);
                expect(till(key, "/api/gift-cards/" + fresh + "/activate", Map.of("amount", 1000, "currency", "NOK", "store", store)),
                        refused, why + ": activate");
                String active = card(++serial);
                assertThat(till(DEMO_TILL, "/api/gift-cards/" + active + "/activate", Map.of("amount", 1000, "currency", "NOK",
                        "store", "001")).getStatusCode().is2xxSuccessful()).isTrue();
                for (String call : List.of("load", "redeem", "refund")) {
                    expect(till(key, "/api/gift-cards/" + active + "/" + call, Map.of("amount", 100, "currency", "NOK", "store", store)),
                            refused, why + ": " + call);
                    seen++;
                }
                ResponseEntity<Map> redemption = till(key, "/api/members/" + member + "/redemptions",
                        Map.of("points", 1, "reference", "matrix-" + serial, "store", store));
                assertThat(redemption.getStatusCode() == HttpStatus.FORBIDDEN).as(why + ": redemption " + redemption.getBody()).isEqualTo(refused);
                ResponseEntity<Map> payment = till(key, "/api/payments", Map.of("phone", "+4791000302", "amount", 1000,
                        "currency", "NOK", "store", store));
                assertThat(payment.getStatusCode() == HttpStatus.FORBIDDEN).as(why + ": payment " + payment.getBody()).isEqualTo(refused);
                seen += 3;
            }
        }
        assertThat(seen).isEqualTo(24);
        // A one-store key that names no store acts for its own.
        String unnamed = card(++serial);
        assertThat(till(store1, "/api/gift-cards/" + unnamed + "/activate", Map.of("amount", 500, "currency", "NOK"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(jdbc.queryForObject("""
                SELECT a.store FROM gift_card_activity a JOIN gift_card c ON c.id = a.gift_card_id WHERE c.number = ?""",
                String.class, unnamed)).isEqualTo("001");
        // Printed batches are the back office's, for no till key.
        for (String key : List.of(store1, DEMO_TILL)) {
            assertThat(asTill(key).getForEntity("/api/gift-cards/batches", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(asTill(key).getForEntity("/api/gift-cards/batches/1", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(till(key, "/api/gift-cards/batches", Map.of("count", 1, "amount", 100)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(admin().getForEntity("/api/gift-cards/batches", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private static void expect(ResponseEntity<Map> answer, boolean refused, String what) {
        if (refused) {
            assertThat(answer.getStatusCode()).as(what).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat((String) answer.getBody().get("detail")).as(what).isEqualTo("This till key is for store 001 only, not store 002.");
        } else {
            assertThat(answer.getStatusCode().is2xxSuccessful()).as(what + ": " + answer.getBody()).isTrue();
        }
    }

    private ResponseEntity<Map> till(String key, String path, Map<String, Object> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", "matrix-" + UUID.randomUUID());
        return asTill(key).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
    }

    private static String card(int serial) {
        String payload = "6200000" + String.format("%04d", serial);
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int d = payload.charAt(payload.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return payload + (10 - sum % 10) % 10;
    }
}
