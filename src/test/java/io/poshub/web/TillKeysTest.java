package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.PoshubApplication;
import io.poshub.support.LoyaltyHubTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
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
            TestRestTemplate there = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + secondPort)
                    .defaultHeader("X-Api-Key", key));
            assertThat(here.getForEntity("/api/members/" + member, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(there.getForEntity("/api/members/" + member, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
            await().until(() -> jdbc.queryForObject("SELECT last_used_at IS NOT NULL FROM till_key WHERE id = ?", Boolean.class, id));

            assertThat(admin().exchange("/api/till-keys/" + id, HttpMethod.DELETE, null, Void.class).getStatusCode())
                    .isEqualTo(HttpStatus.NO_CONTENT);
            long revoked = System.nanoTime();
            assertThat(here.getForEntity("/api/members/" + member, Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> there.getForEntity("/api/members/" + member, Map.class).getStatusCode() == HttpStatus.UNAUTHORIZED);
            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(5));
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
}
