package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.ContractCheck;
import io.poshub.support.DefaultHubTest;
import io.poshub.support.People;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API contract as served — {@code /v3/api-docs}, Swagger UI — is the committed {@code docs/openapi.yaml}, names every
 * call of the contract with an operation id, and is shown to admins and till keys only.
 */
class OpenApiTest extends DefaultHubTest {

    private static final Path COMMITTED = Path.of("docs", "openapi.yaml");
    private static final String TILL = "till-key-of-openapi";

    @Autowired
    TestRestTemplate http;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @DynamicPropertySource
    static void tillKey(DynamicPropertyRegistry registry) {
        registry.add("poshub.till-keys.demo", () -> TILL);
    }

    @Test
    void theServedSpecIsTheCommittedOne() throws IOException {
        ResponseEntity<String> served = admin().getForEntity("/v3/api-docs.yaml", String.class);
        assertThat(served.getStatusCode()).isEqualTo(HttpStatus.OK);
        Path written = Path.of("target", "openapi.yaml");
        Files.createDirectories(written.getParent());
        Files.writeString(written, served.getBody());
        assertThat(Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "")
                .as("docs/openapi.yaml is not what the hub serves: the served one is in target/openapi.yaml — review it and copy it over")
                .isEqualTo(served.getBody());
    }

    @Test
    void everyCallHasAnOperationIdOfItsOwnAndWhoMayMakeIt() throws IOException {
        JsonNode spec = new ObjectMapper().readTree(admin().getForObject("/v3/api-docs", String.class));
        assertThat(spec.at("/components/securitySchemes/admin/scheme").asText()).isEqualTo("basic");
        assertThat(spec.at("/components/securitySchemes/tillKey/name").asText()).isEqualTo("X-Api-Key");
        Set<String> ids = new HashSet<>();
        List<String> calls = new ArrayList<>();
        spec.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String id = op.getValue().path("operationId").asText();
            assertThat(id).as(op.getKey() + " " + path.getKey()).matches("[a-z][A-Za-z0-9]+");
            assertThat(ids.add(id)).as("operation id %s once", id).isTrue();
            assertThat(op.getValue().has("security")).as(op.getKey() + " " + path.getKey()).isTrue();
            calls.add(op.getKey().toUpperCase() + " " + path.getKey());
        }));
        assertThat(calls).contains("GET /api/imports", "GET /api/imports/{id}", "POST /api/imports/{id}/reprocess",
                "POST /api/feeds/{feed}/uploads", "POST /api/feeds/{feed}/preview", "GET /api/parked", "POST /api/parked/{id}/assign",
                "POST /api/members", "POST /api/members/import", "GET /api/members/{id}", "GET /api/members",
                "GET /api/members/{id}/points", "GET /api/members/{id}/barcode.png", "POST /api/members/{id}/redemptions",
                "POST /api/payments", "GET /api/payments/{reference}", "POST /api/payments/{reference}/capture",
                "POST /api/payments/{reference}/cancel", "POST /api/payments/{reference}/refund",
                "POST /api/payments/callbacks/vipps", "POST /api/gift-cards/{number}/activate", "GET /api/day-close");
        assertThat(spec.at("/paths/~1api~1payments~1callbacks~1vipps/post/security")).as("the webhook needs no login").isEmpty();
        assertThat(spec.at("/paths/~1api~1members~1{id}~1redemptions/post/security").toString()).contains("tillKey");
        assertThat(spec.at("/paths/~1api~1gift-cards~1batches/get/security").toString()).doesNotContain("tillKey");
    }

    @Test
    void theContractIsForAdminsAndTillKeys() {
        TestRestTemplate till = new TestRestTemplate(ContractCheck.client(port)
                .defaultHeader("X-Api-Key", TILL));
        for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html")) {
            assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(admin().getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(till.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void everyErrorIsAProblemWithAStableCode() {
        TestRestTemplate till = new TestRestTemplate(ContractCheck.client(port)
                .defaultHeader("X-Api-Key", TILL));
        org.springframework.http.HttpHeaders json = new org.springframework.http.HttpHeaders();
        json.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        List<ResponseEntity<String>> answers = List.of(
                admin().getForEntity("/api/members/999999999", String.class),
                http.getForEntity("/api/imports", String.class),
                till.getForEntity("/api/imports", String.class),
                admin().postForEntity("/api/members", new org.springframework.http.HttpEntity<>("{ not json", json), String.class));
        List<String> codes = new ArrayList<>();
        for (ResponseEntity<String> answer : answers) {
            assertThat(answer.getHeaders().getContentType()).as(answer.getBody())
                    .isEqualTo(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
            try {
                codes.add(answer.getStatusCode().value() + " " + new ObjectMapper().readTree(answer.getBody()).path("code").asText());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(codes).containsExactly("404 NOT_FOUND", "401 UNAUTHORIZED", "403 FORBIDDEN", "400 VALIDATION_FAILED");
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
