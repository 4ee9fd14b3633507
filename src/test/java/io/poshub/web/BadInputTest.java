package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.DefaultHubTest;
import io.poshub.support.People;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Bad input to every call that takes JSON, as the served contract lists them: malformed JSON, the wrong shape, wrong
 * types, missing fields, huge and negative numbers, unknown enum values and random junk. Every answer is a 4xx problem
 * with a code (or a 2xx where the input happens to be valid) — never a 5xx — and the hub is healthy afterwards.
 */
class BadInputTest extends DefaultHubTest {

    private static final List<String> FIXED = List.of(
            "{ not json", "[]", "\"text\"", "42", "null", "{}",
            "{\"amount\": \"ten\", \"points\": \"ten\", \"count\": \"ten\", \"memberId\": \"x\"}",
            "{\"amount\": 1e300, \"points\": 99999999999999999999999, \"count\": 2147483648}",
            "{\"amount\": -5, \"points\": -5, \"count\": -5, \"memberId\": -1}",
            "{\"amount\": 1.5, \"points\": 0.5, \"currency\": \"XXX\"}",
            "{\"type\": \"NOPE\", \"state\": \"NOPE\", \"reason\": \"NOPE\", \"tier\": \"NOPE\", \"status\": \"NOPE\"}",
            "{\"phone\": \"not a phone\", \"email\": \"@\", \"cardNumber\": \"\", \"store\": \"\\u0000\"}",
            "{\"merchant\": {\"nested\": [1, 2, {\"deep\": true}]}, \"label\": " + "\"x\"".repeat(1) + "}",
            // every text field far longer than any column, the rest plausible: what the database cannot keep is a 400
            ("{\"merchant\": \"demo\", \"store\": \"001\", \"amount\": 100, \"points\": 1, \"currency\": \"NOK\", \"count\": 1, "
                    + "\"reference\": \"%1$s\", \"label\": \"%1$s\", \"externalId\": \"%1$s\", \"firstName\": \"%1$s\", "
                    + "\"lastName\": \"%1$s\", \"reason\": \"LOST\", \"note\": \"%1$s\"}").formatted("y".repeat(10_000)));

    @Autowired
    TestRestTemplate http;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void everyJsonCallAnswersBadInputWithAProblemNeverA5xx() throws Exception {
        importSampleMembers();
        JsonNode spec = new ObjectMapper().readTree(admin().getForObject("/v3/api-docs", String.class));
        List<String[]> calls = new ArrayList<>();
        spec.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().at("/requestBody/content").has("application/json")) {
                calls.add(new String[] {op.getKey().toUpperCase(), path.getKey().replaceAll("\\{[^}]+}", "60")});
            }
        }));
        assertThat(calls).as("the JSON calls of the contract").hasSizeGreaterThan(15);
        Random random = new Random(20261206);
        List<String> bodies = new ArrayList<>(FIXED);
        for (int i = 0; i < 12; i++) {
            bodies.add(junk(random));
        }
        List<String> failures = new ArrayList<>();
        int answered = 0;
        for (String[] call : calls) {
            for (String body : bodies) {
                ResponseEntity<String> answer = send(call[0], call[1], body);
                answered++;
                int status = answer.getStatusCode().value();
                boolean problem = MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(answer.getHeaders().getContentType())
                        && new ObjectMapper().readTree(answer.getBody()).hasNonNull("code");
                if (status >= 500 || (status >= 400 && !problem)) {
                    failures.add(call[0] + " " + call[1] + " " + body + " → " + status + " " + answer.getBody());
                }
            }
        }
        assertThat(failures).as("of %d answers", answered).isEmpty();
        assertThat(http.getForObject("/actuator/health", Map.class)).containsEntry("status", "UP");
    }

    @Test
    void aProblemNamesTheFieldAtFault() throws Exception {
        importSampleMembers();
        long member = jdbc.queryForObject("SELECT MIN(id) FROM member", Long.class);
        assertThat(fieldAtFault(send("POST", "/api/gift-cards/12345678/redeem", "{\"amount\": \"ten\"}"))).isEqualTo("amount");
        assertThat(fieldAtFault(send("POST", "/api/payments", "{\"reference\": \"pos-1-0001\", \"amount\": {\"a\": 1}}")))
                .isEqualTo("amount");
        assertThat(fieldAtFault(send("POST", "/api/payments", "{\"reference\": \"pos-1-0001\", \"amount\": -5, \"store\": \"001\"}")))
                .isEqualTo("amount");
        assertThat(fieldAtFault(send("PATCH", "/api/members/" + member, "{\"shoeSize\": 42}"))).isEqualTo("shoeSize");
        assertThat(fieldAtFault(send("PATCH", "/api/members/" + member, "{\"phone\": \"not a phone\"}"))).isEqualTo("phone");
        assertThat(fieldAtFault(admin().getForEntity("/api/day-close?date=yesterday", String.class))).isEqualTo("date");
        assertThat(fieldAtFault(admin().getForEntity("/api/day-close", String.class))).isEqualTo("date");
        HttpHeaders noKey = new HttpHeaders();
        noKey.setContentType(MediaType.APPLICATION_JSON);
        assertThat(fieldAtFault(admin().exchange("/api/members/" + member + "/redemptions", HttpMethod.POST,
                new HttpEntity<>("{\"points\": 1}", noKey), String.class))).isEqualTo("Idempotency-Key");
    }

    /** The field the 400 problem's errors name (and its detail, for a person, says the same). */
    private static String fieldAtFault(ResponseEntity<String> answer) throws Exception {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        JsonNode problem = new ObjectMapper().readTree(answer.getBody());
        assertThat(problem.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        JsonNode error = problem.path("errors").path(0);
        assertThat(error.path("message").asText()).as(answer.getBody()).isNotBlank();
        return error.path("field").asText();
    }

    @Test
    void aJsonBodyOverItsLimitIsA413ProblemWhetherItsLengthIsSaidOrNot() throws Exception {
        String big = "{\"externalId\": \"" + "x".repeat(1_500_000) + "\"}";
        ResponseEntity<String> said = send("POST", "/api/members", big);
        assertThat(said.getStatusCode().value()).isEqualTo(413);
        assertThat(new ObjectMapper().readTree(said.getBody()).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");

        var client = java.net.http.HttpClient.newHttpClient();
        var chunked = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/members"))
                .header("Content-Type", "application/json")
                .header("Authorization", People.adminBasic())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(new ObjectMapper().readTree(chunked.body()).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE external_id LIKE 'xxxx%'", Integer.class)).isZero();
    }

    private ResponseEntity<String> send(String method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return admin().exchange(path, HttpMethod.valueOf(method), new HttpEntity<>(body, headers), String.class);
    }

    /** A JSON-looking string of random keys, values and brackets, some of it valid. */
    private static String junk(Random random) {
        String[] keys = {"amount", "points", "store", "reference", "currency", "phone", "memberId", "count", "firstNumber", "type"};
        String[] values = {"0", "-1", "1e999", "\"\"", "\"" + "x".repeat(300) + "\"", "true", "[]", "{}", "null", "\"1\"", "12345678901234567890"};
        StringBuilder json = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(keys[random.nextInt(keys.length)]).append("\":")
                    .append(values[random.nextInt(values.length)]);
        }
        if (random.nextInt(4) == 0) {
            json.append(random.nextBoolean() ? "," : "]");
        }
        return json.append('}').toString();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
